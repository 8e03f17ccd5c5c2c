/** The positions of the k largest (or smallest) values along one axis: topk's selection. */
import { type Shape, sizeOf } from '../shape/shape.ts';

/**
 * For each slice along `axis`, the indices of its k largest values (smallest with `largest` false) in the
 * order topk returns them: best first when `sorted`, else by position. NaN counts as larger than every
 * number, as in PyTorch; among equal values the lower index comes first. The result has x's shape with k on
 * `axis`.
 */
export function topkIndices(
  x: Float64Array,
  shape: Shape,
  axis: number,
  k: number,
  largest: boolean,
  sorted: boolean,
): Float64Array {
  const out = new Float64Array(sizeOf(shape.map((size, d) => (d === axis ? k : size))));
  boundTopk(shape, axis, k, largest, sorted)(x, out);
  return out;
}

/**
 * `topkIndices` bound to one shape and its options: `(x, out)` writes the picked indices of x into out,
 * allocating nothing (an in-place heapsort of positions, not Array.prototype.sort, which allocates), so
 * that compile's replays run what eager runs.
 */
export function boundTopk(
  shape: Shape,
  axis: number,
  k: number,
  largest: boolean,
  sorted: boolean,
): (x: Float64Array, out: Float64Array) => void {
  const outer = sizeOf(shape.slice(0, axis));
  const length = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const sign = largest ? -1 : 1;
  const order = new Int32Array(length);
  // The slice being ordered: its array and the offset of its first element, set before each sort.
  let values: Float64Array = new Float64Array(0);
  let start = 0;
  // By sign * value ascending, NaN as the largest value (first for largest, last for smallest), then by
  // position, so ties keep the lower index first: a total order, so the picks do not depend on the sort.
  const precedes = (p: number, q: number): boolean => {
    const a = values[start + p * inner]!;
    const b = values[start + q * inner]!;
    const aNaN = Number.isNaN(a);
    const bNaN = Number.isNaN(b);
    if (aNaN || bNaN) return aNaN === bNaN ? p < q : aNaN === largest;
    return a === b ? p < q : sign * a < sign * b;
  };
  const byPosition = (p: number, q: number): boolean => p < q;
  return (x, out) => {
    values = x;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        start = o * length * inner + i;
        for (let position = 0; position < length; position++) order[position] = position;
        heapSort(order, length, precedes);
        if (!sorted) heapSort(order, k, byPosition);
        for (let j = 0; j < k; j++) out[(o * k + j) * inner + i] = order[j]!;
      }
    }
  };
}

/** Sorts items[0..count) in place so that each item precedes the next. */
function heapSort(items: Int32Array, count: number, precedes: (p: number, q: number) => boolean): void {
  for (let root = (count >> 1) - 1; root >= 0; root--) siftDown(items, root, count, precedes);
  for (let end = count - 1; end > 0; end--) {
    const last = items[0]!;
    items[0] = items[end]!;
    items[end] = last;
    siftDown(items, 0, end, precedes);
  }
}

/**
 * Restores the heap below `root` in items[0..count): each item comes no earlier than its children (at 2i + 1
 * and 2i + 2), so the root is the one that comes last.
 */
function siftDown(
  items: Int32Array,
  root: number,
  count: number,
  precedes: (p: number, q: number) => boolean,
): void {
  const item = items[root]!;
  let parent = root;
  for (let child = 2 * parent + 1; child < count; child = 2 * parent + 1) {
    if (child + 1 < count && precedes(items[child]!, items[child + 1]!)) child++;
    if (!precedes(item, items[child]!)) break;
    items[parent] = items[child]!;
    parent = child;
  }
  items[parent] = item;
}
