import type { Shape } from '../shape/shape.ts';

/**
 * Walks the leading `axes` axes of `shape` in row-major order, keeping two operands' element offsets in
 * step by their (broadcast) strides: `aOffset` and `bOffset` are where each operand's current row or matrix
 * starts. Kernels loop over the innermost axes themselves and call `next()` once per row or matrix.
 */
export class PairOdometer {
  aOffset = 0;
  bOffset = 0;
  readonly #index: number[];

  constructor(
    private readonly shape: Shape,
    private readonly aStrides: readonly number[],
    private readonly bStrides: readonly number[],
    private readonly axes: number,
  ) {
    this.#index = new Array<number>(axes).fill(0);
  }

  /** Moves to the next position; after the last one it wraps back to the start. */
  next(): void {
    for (let axis = this.axes - 1; axis >= 0; axis--) {
      this.#index[axis]!++;
      this.aOffset += this.aStrides[axis]!;
      this.bOffset += this.bStrides[axis]!;
      if (this.#index[axis]! < this.shape[axis]!) return;
      this.aOffset -= this.aStrides[axis]! * this.shape[axis]!;
      this.bOffset -= this.bStrides[axis]! * this.shape[axis]!;
      this.#index[axis] = 0;
    }
  }
}
