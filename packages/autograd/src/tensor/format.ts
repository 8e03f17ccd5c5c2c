import type { Tensor } from './tensor.ts';

/** Above this many elements, only the first and last EDGE_ITEMS of each axis are printed, as NumPy does. */
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** One format for every element, so columns line up: integers plain, else fixed or scientific, 4 decimals. */
function chooseNumberFormat(values: Float64Array): (value: number) => string {
  // Loops, not Math.max(...values): spreading a large tensor into arguments overflows the stack.
  let allIntegers = true;
  let largest = 0;
  let smallest = Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    allIntegers &&= Number.isInteger(value);
    const magnitude = Math.abs(value);
    if (magnitude > 0) {
      largest = Math.max(largest, magnitude);
      smallest = Math.min(smallest, magnitude);
    }
  }
  if (allIntegers) return (value) => (Number.isFinite(value) ? value.toFixed(0) : String(value));
  const scientific = largest >= 1e8 || smallest < 1e-4;
  return (value) => {
    if (!Number.isFinite(value)) return String(value);
    return scientific ? value.toExponential(4) : value.toFixed(4);
  };
}

/**
 * A tensor as PyTorch prints it, with its shape:
 * `tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], shape=[2, 2], requiresGrad=true)`.
 */
export function formatTensor(t: Tensor): string {
  const summarize = t.numel() > SUMMARY_THRESHOLD;
  const format = chooseNumberFormat(t.data);
  let width = 0;
  for (const value of t.data) width = Math.max(width, format(value).length);
  const cell = (value: number) => format(value).padStart(width);
  const prefix = 'tensor(';
  const strides = t.shape.map((_, axis) => t.shape.slice(axis + 1).reduce((a, b) => a * b, 1));

  const render = (offset: number, depth: number): string => {
    if (depth === t.ndim) return cell(t.data[offset]!);
    const length = t.shape[depth]!;
    const shown: (number | null)[] =
      summarize && length > 2 * EDGE_ITEMS
        ? [...range(0, EDGE_ITEMS), null, ...range(length - EDGE_ITEMS, length)]
        : range(0, length);
    const parts = shown.map((i) => (i === null ? '...' : render(offset + i * strides[depth]!, depth + 1)));
    if (depth === t.ndim - 1) return `[${parts.join(', ')}]`;
    const indent = ' '.repeat(prefix.length + depth + 1);
    const separator = `,${'\n'.repeat(t.ndim - depth - 1)}${indent}`;
    return `[${parts.join(separator)}]`;
  };

  const details = [`shape=[${t.shape.join(', ')}]`];
  if (t.requiresGrad) details.push(t.gradFn ? `gradFn=${t.gradFn.op}` : 'requiresGrad=true');
  return `${prefix}${render(0, 0)}, ${details.join(', ')})`;
}

function range(start: number, stop: number): number[] {
  return Array.from({ length: stop - start }, (_, i) => start + i);
}
