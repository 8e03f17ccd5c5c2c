/**
 * A tensor as plain JSON: what `JSON.stringify` makes of a state dict (a module's or an optimizer's), and
 * what their `loadStateDict` takes back beside Tensors.
 */
export interface TensorRecord {
  readonly shape: readonly number[];
  /** The values, row-major. */
  readonly values: readonly number[] | Float64Array;
}
