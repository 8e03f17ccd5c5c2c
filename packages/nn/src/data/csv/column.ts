/** Values per block: 512 KiB of float64, so growing never copies what is already stored. */
const BLOCK = 1 << 16;

/**
 * A column of numbers that grows one value at a time without knowing its final length: fixed blocks
 * instead of an array that doubles and copies, so at most one block is spare, and `toFloat64Array()`
 * copies the values once into an array of the exact length.
 * @example const column = new GrowingColumn(); column.push(1.5); column.toFloat64Array(); // Float64Array [1.5]
 */
export class GrowingColumn {
  private readonly blocks: Float64Array[] = [];
  private current = new Float64Array(0);
  private used = 0;
  length = 0;

  push(value: number): void {
    if (this.used === this.current.length) {
      this.current = new Float64Array(BLOCK);
      this.blocks.push(this.current);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.length++;
  }

  /** The values in order, in an array of their own (the blocks can then be dropped). */
  toFloat64Array(): Float64Array {
    const values = new Float64Array(this.length);
    let offset = 0;
    for (const block of this.blocks) {
      const count = Math.min(BLOCK, this.length - offset);
      values.set(count === BLOCK ? block : block.subarray(0, count), offset);
      offset += count;
    }
    return values;
  }
}
