/**
 * A weight's gradient added straight into its `.grad` by the product that computes it. In a training step
 * the gradient of a layer's weight is a product (Xᵀ dZ) whose only reader is the store into `.grad`; a
 * replay would write the product into a buffer and then add the buffer into `.grad`, one more pass over a
 * matrix as large as the weight (W3's 784 x 128: about 0.1 ms a step). Here the product adds each entry's
 * sum into `.grad` as it copies its tiles out (matmul's `adding`): grad + c with c the same rounded sum, the
 * bits of the store it replaces.
 *
 * Only products too large to run direct in a plan's arena are fused (a small one is faster there, and its
 * store is cheap), and only where nothing between the product and the store could see the difference: no
 * effect (which might read or replace `.grad`) and no other store into the same `.grad` (the additions keep
 * their order).
 */
import type { Tensor } from '../tensor/tensor.ts';
import { isDirectProduct } from './arena.ts';
import type { KernelGroup } from './fusion.ts';
import { boundProduct, PRODUCT_LAYOUTS, type Run } from './replay-kernels.ts';
import { storeGradient, type TracedGradStore, type TracedOp, type TracedValue } from './tracer.ts';

/** The product and the store of a fused group, or null for any other group. */
export function gradientProductOf(group: KernelGroup): { product: TracedOp; store: TracedGradStore } | null {
  const [product, store] = group.steps;
  if (group.steps.length !== 2 || product?.kind !== 'op' || store?.kind !== 'storeGrad') return null;
  return { product, store };
}

function isLargeProduct(group: KernelGroup): boolean {
  const [step] = group.steps;
  return (
    group.steps.length === 1 &&
    step!.kind === 'op' &&
    Object.hasOwn(PRODUCT_LAYOUTS, step!.op) &&
    !isDirectProduct(step!.op, step!.inputShapes)
  );
}

const sameGrad = (a: TracedGradStore, b: TracedGradStore) =>
  a.inputIndex >= 0 ? a.inputIndex === b.inputIndex : b.inputIndex < 0 && a.target === b.target;

/**
 * The groups with each large product whose value only a `.grad` store reads merged with that store, at the
 * product's place: a group of two steps, the product and the store, writing no buffer.
 */
export function fuseGradientProducts(
  groups: readonly KernelGroup[],
  kept: ReadonlySet<TracedValue>,
): KernelGroup[] {
  const readers = new Map<TracedValue, number>();
  for (const group of groups)
    for (const value of group.reads) readers.set(value, (readers.get(value) ?? 0) + 1);
  const merged = new Map<number, KernelGroup>();
  const removed = new Set<number>();
  groups.forEach((group, storeIndex) => {
    const [store] = group.steps;
    if (group.steps.length !== 1 || store!.kind !== 'storeGrad') return;
    const source = store!.source;
    if (kept.has(source) || readers.get(source) !== 1) return;
    const productIndex = groups.findIndex((candidate) => candidate.output === source);
    if (productIndex < 0 || !isLargeProduct(groups[productIndex]!)) return;
    for (let between = productIndex + 1; between < storeIndex; between++) {
      const step = groups[between]!.steps[0]!;
      if (step.kind === 'effect' || (step.kind === 'storeGrad' && sameGrad(step, store!))) return;
    }
    const product = groups[productIndex]!;
    merged.set(productIndex, { steps: [product.steps[0]!, store!], reads: product.reads, output: null });
    removed.add(storeIndex);
  });
  return groups.flatMap((group, index) => (removed.has(index) ? [] : [merged.get(index) ?? group]));
}

/**
 * The run of a fused product and store: the product added into the target's `.grad`; where `.grad` is null
 * (or was replaced by one of another size) the product is computed first and then stored as the store
 * would (copied into a new `.grad`, or added).
 */
export function bindGradientProduct(
  { product, store }: { product: TracedOp; store: TracedGradStore },
  arrayOf: ReadonlyMap<TracedValue, Float64Array>,
  /** The current call's input at a position: an input's gradient goes to that call's tensor. */
  inputAt: (index: number) => Tensor,
): Run {
  const { run, outputLength } = boundProduct(product.op, product.inputShapes, product.output.shape);
  const [a, b] = product.inputs.map((value) => arrayOf.get(value)!) as [Float64Array, Float64Array];
  const { inputIndex, target, shape } = store;
  return () => {
    const tensor = inputIndex >= 0 ? inputAt(inputIndex) : target;
    const grad = tensor.grad;
    if (grad !== null && grad.data.length === outputLength) {
      run(a, b, grad.data, true);
      return;
    }
    const values = new Float64Array(outputLength);
    run(a, b, values);
    storeGradient(tensor, values, shape);
  };
}
