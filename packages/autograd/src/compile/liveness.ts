/**
 * Buffer assignment by liveness, as a register allocator does it: walking the kernels in order, each output
 * takes a free buffer of its size (or a new one), and a buffer is freed once the last kernel reading its value
 * has run. Inputs get buffers of the plan's own (each call's inputs are copied in); parameters and constants
 * are read where they are; results get buffers of their own, never reused.
 */
import type { KernelGroup } from './fusion.ts';
import type { TracedValue } from './tracer.ts';

/** A buffer and the values it holds in turn, each from the kernel that writes it to its last reader. */
export interface BufferUse {
  readonly index: number;
  readonly array: Float64Array;
  readonly holds: { value: TracedValue; from: number; to: number }[];
}

export interface BufferAssignment {
  /** The array each value lives in during a replay. */
  readonly arrayOf: Map<TracedValue, Float64Array>;
  /** The intermediate buffers (not inputs, parameters or results), for explain(). */
  readonly buffers: readonly BufferUse[];
}

/** Makes a new buffer of `length` values: a plain array, or a view of a plan's arena (arena.ts). */
export type Allocate = (length: number) => Float64Array;

export function assignBuffers(
  kernels: readonly KernelGroup[],
  inputs: readonly TracedValue[],
  kept: ReadonlySet<TracedValue>,
  allocate: Allocate = (length) => new Float64Array(length),
): BufferAssignment {
  const arrayOf = new Map<TracedValue, Float64Array>();
  for (const input of inputs) {
    const array = allocate(input.array.length);
    array.set(input.array);
    arrayOf.set(input, array);
  }
  const lastRead = new Map<TracedValue, number>();
  kernels.forEach((kernel, index) => {
    for (const value of kernel.reads) lastRead.set(value, index);
  });
  const buffers: BufferUse[] = [];
  const bufferOf = new Map<TracedValue, BufferUse>();
  const free = new Map<number, BufferUse[]>();
  kernels.forEach((kernel, index) => {
    for (const value of kernel.reads) {
      if (value.kind === 'external' && !arrayOf.has(value)) arrayOf.set(value, value.array);
    }
    const output = kernel.output;
    if (output !== null) {
      if (kept.has(output)) {
        // A result holds what the trace computed: the first call returns it.
        const array = allocate(output.array.length);
        array.set(output.array);
        arrayOf.set(output, array);
      } else {
        const buffer = free.get(output.array.length)?.pop() ?? {
          index: buffers.length,
          array: allocate(output.array.length),
          holds: [],
        };
        if (buffer.index === buffers.length) buffers.push(buffer);
        buffer.holds.push({ value: output, from: index, to: lastRead.get(output) ?? index });
        bufferOf.set(output, buffer);
        arrayOf.set(output, buffer.array);
      }
    }
    // Freed after the output took its buffer, so no kernel writes over a value it reads.
    const released = output === null || lastRead.has(output) ? kernel.reads : [...kernel.reads, output];
    for (const value of released) {
      const buffer = bufferOf.get(value);
      if (buffer === undefined || (lastRead.get(value) ?? index) !== index) continue;
      free.set(buffer.array.length, [...(free.get(buffer.array.length) ?? []), buffer]);
      bufferOf.delete(value);
    }
  });
  return { arrayOf, buffers };
}
