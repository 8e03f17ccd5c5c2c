/**
 * Fusion: an elementwise op whose output is read by one elementwise op only (of the same shape), and is not
 * a result of the compiled function, is computed inside that op's loop instead of into a buffer of its own.
 * Followed from op to reader, this gathers each tree of elementwise ops (a bias add and its tanh, the sub and
 * mul of a backward rule) into one kernel, placed where its last op (the root) ran: every value it reads from
 * outside is ready by then, and nothing outside reads the values inside.
 */
import { shapesEqual } from '../shape/shape.ts';
import { isElementwise } from './elementwise-ops.ts';
import { readsOf, type TracedOp, type TracedStep, type TracedValue } from './tracer.ts';

/** One kernel of a plan: the steps it runs (several when fused, in trace order; the last writes the output). */
export interface KernelGroup {
  readonly steps: readonly TracedStep[];
  /** The values it reads from outside, each once. */
  readonly reads: readonly TracedValue[];
  /** The value it writes; null for a `.grad` store or an effect. */
  readonly output: TracedValue | null;
}

function fusable(step: TracedStep): step is TracedOp {
  return step.kind === 'op' && typeof step.replay !== 'function' && isElementwise(step.op);
}

/** Groups `steps` into kernels; with `fuse` false each step is its own. `kept` values are never fused away. */
export function groupKernels(
  steps: readonly TracedStep[],
  kept: ReadonlySet<TracedValue>,
  fuse: boolean,
): KernelGroup[] {
  const readers = new Map<TracedValue, TracedStep[]>();
  for (const step of steps) {
    for (const value of readsOf(step)) readers.set(value, [...(readers.get(value) ?? []), step]);
  }
  // The op each fusable op is computed inside of.
  const into = new Map<TracedStep, TracedOp>();
  if (fuse) {
    for (const step of steps) {
      if (!fusable(step) || kept.has(step.output)) continue;
      const stepReaders = readers.get(step.output) ?? [];
      const reader = stepReaders[0];
      if (stepReaders.length !== 1 || reader === undefined || !fusable(reader)) continue;
      const operand = reader.inputs.indexOf(step.output);
      if (
        shapesEqual(step.output.shape, reader.output.shape) &&
        shapesEqual(reader.inputShapes[operand]!, step.output.shape)
      ) {
        into.set(step, reader);
      }
    }
  }
  const rootOf = (step: TracedStep): TracedStep => {
    let root = step;
    for (let next = into.get(root); next !== undefined; next = into.get(root)) root = next;
    return root;
  };
  const members = new Map<TracedStep, TracedStep[]>();
  for (const step of steps) {
    const root = rootOf(step);
    members.set(root, [...(members.get(root) ?? []), step]);
  }
  const groups: KernelGroup[] = [];
  for (const step of steps) {
    const group = members.get(step);
    if (group === undefined) continue; // fused into a later op
    const inside = new Set(group.flatMap((member) => (member.kind === 'op' ? [member.output] : [])));
    const reads = new Set<TracedValue>();
    for (const member of group) {
      for (const value of readsOf(member)) {
        if (!inside.has(value)) reads.add(value);
      }
    }
    groups.push({ steps: group, reads: [...reads], output: step.kind === 'op' ? step.output : null });
  }
  return groups;
}
