/**
 * A plan's arena: one WebAssembly memory holding the plan's input and intermediate buffers, so that the
 * vector kernels (tanh, exp, log, sigmoid, tanh's backward rule) run on them where they lie, reading and
 * writing the buffers through their byte addresses, with no copy through the module's own memory (a copy
 * in and out costs about a third of a tanh). A buffer here is an ordinary Float64Array, a view of the
 * memory, which the other kernels and the generated loops use as any other array. The memory never grows
 * (growing would detach every view), so the plan sizes it before allocating (plan.ts allocates twice).
 */

import { type VectorKernels, vectorKernelsOn } from '../kernels/vector/vector-math.ts';
import { moduleBytes, VALUES_PER_ITERATION } from '../kernels/vector/wasm-module.ts';
import { type WasmMemory, webAssemblyFor } from '../kernels/wasm-api.ts';
import type { Run } from './replay-kernels.ts';

const PAGE_BYTES = 65536;

/**
 * Plans with fewer values than this to run through vector kernels keep plain arrays: a memory per plan
 * reserves address space, and a few hundred values gain little from skipping their copies.
 */
export const ARENA_MIN_VECTOR_VALUES = 1024;

/** Each buffer is padded to whole kernel iterations, so a kernel's last iteration stays inside it. */
export function paddedLength(length: number): number {
  return Math.ceil(length / VALUES_PER_ITERATION) * VALUES_PER_ITERATION;
}

/** The kernels that run in the arena, by op: given the operands and the output, the bound call. */
const IN_ARENA: Readonly<
  Record<string, (kernels: VectorKernels, inputs: readonly Float64Array[], out: Float64Array) => Run>
> = {
  tanh: (kernels, [x], out) => unary(kernels.tanh, x!, out),
  exp: (kernels, [x], out) => unary(kernels.exp, x!, out),
  log: (kernels, [x], out) => unary(kernels.log, x!, out),
  sigmoid: (kernels, [x], out) => unary(kernels.sigmoid, x!, out),
  tanhBackward: (kernels, [g, y], out) => {
    const [gAt, yAt, outAt] = [g!.byteOffset, y!.byteOffset, out.byteOffset];
    const end = gAt + 8 * paddedLength(g!.length);
    return () => kernels.tanhBackward(gAt, yAt, outAt, end);
  },
};

function unary(kernel: VectorKernels['tanh'], x: Float64Array, out: Float64Array): Run {
  const [xAt, outAt] = [x.byteOffset, out.byteOffset];
  const end = xAt + 8 * paddedLength(x.length);
  return () => kernel(xAt, outAt, end);
}

export class Arena {
  readonly #memory: WasmMemory;
  readonly #kernels: VectorKernels;
  #next = 0;

  private constructor(memory: WasmMemory, kernels: VectorKernels) {
    this.#memory = memory;
    this.#kernels = kernels;
  }

  /** An arena of at least `values` float64s, or null where WebAssembly SIMD is missing. */
  static create(values: number): Arena | null {
    const api = webAssemblyFor(moduleBytes);
    if (api === null) return null;
    const pages = Math.max(1, Math.ceil((8 * values) / PAGE_BYTES));
    const memory = new api.Memory({ initial: pages, maximum: pages });
    const kernels = vectorKernelsOn(memory);
    return kernels === null ? null : new Arena(memory, kernels);
  }

  /** A new buffer of `length` values (zeros), padded to whole kernel iterations. */
  allocate(length: number): Float64Array {
    const array = new Float64Array(this.#memory.buffer, 8 * this.#next, length);
    this.#next += paddedLength(length);
    return array;
  }

  /**
   * The op run in place on the arena's buffers, or null when it has no arena kernel or an operand lies
   * elsewhere (a parameter, a result).
   */
  bind(op: string, inputs: readonly Float64Array[], out: Float64Array): Run | null {
    const kernel = IN_ARENA[op];
    if (kernel === undefined || !this.#holds(out) || !inputs.every((input) => this.#holds(input))) {
      return null;
    }
    return kernel(this.#kernels, inputs, out);
  }

  #holds(array: Float64Array): boolean {
    return array.buffer === this.#memory.buffer;
  }
}
