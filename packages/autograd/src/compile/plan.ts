/**
 * Builds a plan from a trace: the kernels (fusion.ts), their buffers (liveness.ts), and each kernel bound to
 * its buffers as a function of no arguments, so that a replay is a loop over functions that allocate nothing.
 */

import type { Shape } from '../shape/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { ARENA_MIN_WORK, Arena, arenaWork, isDirectProduct, paddedLength } from './arena.ts';
import { groupKernels, type KernelGroup } from './fusion.ts';
import { bindGradientProduct, fuseGradientProducts, gradientProductOf } from './gradient-products.ts';
import { assignBuffers, type BufferUse } from './liveness.ts';
import { elementLoop, type LoopArray, type LoopNode } from './loop-codegen.ts';
import {
  type BoundOp,
  isFullSize,
  REPLAY_KERNELS,
  type ReplayKernel,
  type Run,
  VECTOR_KERNELS,
} from './replay-kernels.ts';
import { storeGradient, type TracedOp, type TracedValue, type Tracer } from './tracer.ts';

/**
 * A parameter (or other value from outside) that a replay copies into the arena before its kernels run:
 * as it is, or transposed (the B of A Bᵀ, so that the product reads adjacent columns).
 */
export interface Staging {
  readonly value: TracedValue;
  readonly transposed: boolean;
  /** Copies the value into its place in the arena; allocates nothing. */
  readonly stage: () => void;
}

/** The staging of `source` into `copy`, transposed ([rows, columns] to [columns, rows]) or not. */
function staging(value: TracedValue, copy: Float64Array, transposed: boolean): Staging {
  const source = value.array;
  if (!transposed) return { value, transposed, stage: () => copy.set(source) };
  const [rows, columns] = value.shape as [number, number];
  const stage = () => {
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) copy[c * rows + r] = source[r * columns + c]!;
  };
  return { value, transposed, stage };
}

/** The stagings run in order: a replay's first step, and again after an effect that may change them. */
export function stageAll(stagings: readonly Staging[]): void {
  for (let s = 0; s < stagings.length; s++) stagings[s]!.stage();
}

/** A kernel of a plan as explain() shows it. */
export interface PlannedKernel {
  readonly group: KernelGroup;
  /** How it runs: `loop` (generated, with its statement), `vector`, `kernel`, `custom` or `grad`. */
  readonly how: string;
  readonly run: Run;
}

export interface PlanParts {
  readonly kernels: readonly PlannedKernel[];
  readonly inputArrays: readonly Float64Array[];
  /** Values from outside the plan copied into its arena at the start of each call. */
  readonly stagings: readonly Staging[];
  readonly inputValues: readonly TracedValue[];
  readonly outputs: readonly Tensor[];
  /** The traced values the outputs hold. */
  readonly resultValues: readonly TracedValue[];
  readonly buffers: readonly BufferUse[];
  /** Every value an op computed while tracing: what eager allocates per call. */
  readonly computed: readonly TracedValue[];
}

function bindOp(
  step: TracedOp,
  arrayOf: ReadonlyMap<TracedValue, Float64Array>,
  transposedOf: ReadonlyMap<TracedValue, Float64Array>,
  vectorMath: boolean,
  arena: Arena | null,
): { how: string; run: Run } {
  const bound: BoundOp = {
    op: step.op,
    inputs: step.inputs.map((value) => arrayOf.get(value)!),
    inputShapes: step.inputShapes,
    output: arrayOf.get(step.output)!,
    outputShape: step.output.shape,
    replay: step.replay,
  };
  // A Bᵀ with B staged transposed: the plain product of A and that copy, the same sums in the same order.
  const bTransposed = step.op === 'matmulTransposeB' ? transposedOf.get(step.inputs[1]!) : undefined;
  if (arena !== null && bTransposed !== undefined) {
    const [n, k] = step.inputShapes[1]! as [number, number];
    const run = arena.bindProduct({
      ...bound,
      op: 'matmul',
      inputs: [bound.inputs[0]!, bTransposed],
      inputShapes: [step.inputShapes[0]!, [k, n]],
    });
    if (run !== null) return { how: 'kernel, in the arena (B staged transposed)', run };
  }
  if (typeof step.replay === 'function') {
    const kernel = step.replay as ReplayKernel;
    return { how: 'custom', run: () => kernel(bound.inputs, bound.output) };
  }
  const direct = arena?.bindProduct(bound) ?? arena?.bindLeadingSum(bound) ?? null;
  if (direct !== null) return { how: 'kernel, in the arena', run: direct };
  const named = REPLAY_KERNELS[step.op];
  if (named !== undefined) return { how: 'kernel', run: named(bound) };
  const vector = VECTOR_KERNELS[step.op];
  if (vectorMath && vector !== undefined && isFullSize(bound)) {
    const inArena = arena?.bind(step.op, bound.inputs, bound.output) ?? null;
    if (inArena !== null) return { how: 'vector, in the arena', run: inArena };
    return { how: 'vector', run: () => vector(bound.inputs, bound.output) };
  }
  return loopOf([step], arrayOf);
}

/** The generated loop of an elementwise group (one op, or a fused tree of them). */
function loopOf(
  steps: readonly TracedOp[],
  arrayOf: ReadonlyMap<TracedValue, Float64Array>,
): { how: string; run: Run } {
  const root = steps[steps.length - 1]!;
  const arrays: LoopArray[] = [];
  const arrayIndex = new Map<string, number>();
  const nodeOf = new Map<TracedValue, number>();
  const nodes: LoopNode[] = steps.map((step, index) => {
    const operands = step.inputs.map((value, k) => {
      const node = nodeOf.get(value);
      if (node !== undefined) return node;
      const shape: Shape = step.inputShapes[k]!;
      const key = `${value.id}:${shape.join(',')}`;
      if (!arrayIndex.has(key)) {
        arrayIndex.set(key, arrays.length);
        arrays.push({ data: arrayOf.get(value)!, shape });
      }
      return { array: arrayIndex.get(key)! };
    });
    nodeOf.set(step.output, index);
    return { op: step.op, operands, replay: step.replay };
  });
  const loop = elementLoop(nodes, arrays, arrayOf.get(root.output)!, root.output.shape);
  return { how: `loop: ${loop.source}`, run: loop.run };
}

/**
 * An arena for the plan's buffers when it has enough work for one (arena.ts's arenaWork), sized by
 * a first assignment of plain arrays: the same assignment, made again in the arena, takes the same buffers.
 */
function arenaFor(
  groups: readonly KernelGroup[],
  inputValues: readonly TracedValue[],
  kept: ReadonlySet<TracedValue>,
  staged: readonly TracedValue[],
): Arena | null {
  let work = 0;
  for (const group of groups) {
    const [step] = group.steps;
    if (group.steps.length === 1 && step!.kind === 'op') {
      work += arenaWork(step!.op, step!.inputShapes, step!.output.shape, step!.replay);
    }
  }
  if (work < ARENA_MIN_WORK) return null;
  let values = 0;
  const count = (length: number) => {
    values += paddedLength(length);
    return new Float64Array(length);
  };
  assignBuffers(groups, inputValues, kept, count);
  for (const value of staged) count(value.array.length);
  return Arena.create(values);
}

/**
 * The parameters (and other values from outside) that small products read, staged into an arena: as they
 * are, and transposed where one is the B of A Bᵀ read across rows (k > 1), which the product then reads as
 * the B of a plain A B.
 */
function stagedValues(
  groups: readonly KernelGroup[],
  kept: ReadonlySet<TracedValue>,
): { plain: TracedValue[]; transposed: TracedValue[] } {
  const plain = new Set<TracedValue>();
  const transposed = new Set<TracedValue>();
  for (const group of groups) {
    const [step] = group.steps;
    if (group.steps.length !== 1 || step!.kind !== 'op' || !isDirectProduct(step!.op, step!.inputShapes)) {
      continue;
    }
    step!.inputs.forEach((value, i) => {
      if (value.kind !== 'external' || kept.has(value)) return;
      if (step!.op === 'matmulTransposeB' && i === 1 && step!.inputShapes[1]![1]! > 1) transposed.add(value);
      else plain.add(value);
    });
  }
  return { plain: [...plain], transposed: [...transposed] };
}

export function buildPlan(
  tracer: Tracer,
  results: readonly Tensor[],
  fuse: boolean,
  vectorMath: boolean,
  /** The current call's input at a position: where a replay stores an input's gradient. */
  inputAt: (index: number) => Tensor,
): PlanParts {
  const resultValues = results.map((result) => tracer.valueOf(result));
  const kept = new Set(resultValues);
  const elementwiseGroups = groupKernels(tracer.steps, kept, fuse);
  const groups = fuse ? fuseGradientProducts(elementwiseGroups, kept) : elementwiseGroups;
  const inputValues = [...tracer.values.values()].filter((value) => value.kind === 'input');
  const staged = stagedValues(groups, kept);
  const arena = arenaFor(groups, inputValues, kept, [...staged.plain, ...staged.transposed]);
  const { arrayOf, buffers } = assignBuffers(groups, inputValues, kept, arena?.allocate.bind(arena));
  const stagings: Staging[] = [];
  const transposedOf = new Map<TracedValue, Float64Array>();
  if (arena !== null) {
    for (const value of staged.plain) {
      const copy = arena.allocate(value.array.length);
      stagings.push(staging(value, copy, false));
      arrayOf.set(value, copy);
    }
    for (const value of staged.transposed) {
      const copy = arena.allocate(value.array.length);
      stagings.push(staging(value, copy, true));
      transposedOf.set(value, copy);
    }
  }
  for (const value of resultValues) if (!arrayOf.has(value)) arrayOf.set(value, value.array);
  const planned = groups.map((group, index): PlannedKernel => {
    const first = group.steps[0]!;
    const gradientProduct = gradientProductOf(group);
    if (gradientProduct !== null) {
      const run = bindGradientProduct(gradientProduct, arrayOf, inputAt);
      return { group, how: 'kernel, adding into .grad', run };
    }
    if (first.kind === 'storeGrad') {
      const source = arrayOf.get(first.source)!;
      const shape = first.shape;
      const { inputIndex, target } = first;
      // Added into the existing .grad (PyTorch accumulates); a .grad set to null is made again.
      const run = () => storeGradient(inputIndex >= 0 ? inputAt(inputIndex) : target, source, shape);
      return { group, how: 'grad', run };
    }
    if (first.kind === 'effect') {
      // Parameters the effect changes (an optimizer's update) are staged again for the kernels after it.
      const later = index < groups.length - 1 && stagings.length > 0;
      const { run: effect } = first;
      const run = later
        ? () => {
            effect();
            stageAll(stagings);
          }
        : effect;
      return { group, how: 'effect', run };
    }
    const ops = group.steps as readonly TracedOp[];
    const bound =
      ops.length === 1 ? bindOp(ops[0]!, arrayOf, transposedOf, vectorMath, arena) : loopOf(ops, arrayOf);
    return { group, ...bound };
  });
  return {
    kernels: planned,
    inputArrays: inputValues.map((value) => arrayOf.get(value)!),
    stagings,
    inputValues,
    outputs: results.map((result, i) => new Tensor(arrayOf.get(resultValues[i]!)!, result.shape)),
    resultValues,
    buffers,
    computed: [...tracer.values.values()].filter((value) => value.kind === 'computed'),
  };
}
