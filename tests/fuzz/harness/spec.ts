import type { Param } from './values.ts';

/**
 * How to call one public function or method: its arguments as `Param`s, in order, and a call that takes
 * them. `fn` is the name its errors must start with (`matmul`, `Adam`, `Tensor.item`...). `alsoValid`
 * lists other argument lists that must succeed (a number for a tensor operand of add, null for a bound
 * of clamp), so that a check never refuses what PyTorch or tapegrad's docs accept.
 */
export interface Spec {
  /** Unique: `add`, `Tensor#add`, `nn.Adam`. */
  readonly id: string;
  readonly fn: string;
  readonly params: readonly Param[];
  readonly call: (...args: unknown[]) => unknown;
  readonly alsoValid?: readonly (() => unknown[])[];
}

/** A spec; `call` receives the arguments in the order of `params`. */
export function spec(
  id: string,
  fn: string,
  params: readonly Param[],
  call: (...args: never[]) => unknown,
  alsoValid: readonly (() => unknown[])[] = [],
): Spec {
  return { id, fn, params, call: call as (...args: unknown[]) => unknown, alsoValid };
}
