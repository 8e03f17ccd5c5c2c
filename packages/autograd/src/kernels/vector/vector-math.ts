/**
 * Elementwise transcendental math on whole arrays, written into a caller's buffer: the kernels a compiled
 * step replays with no allocation. Each function reads x[i] and writes out[i] for i < x.length; x and out
 * may be the same array, and either may be a subarray of a larger buffer at any offset.
 *
 * tanh, exp, log and sigmoid run in WebAssembly SIMD (wasm-module.ts, two float64 lanes per instruction,
 * four vectors per loop iteration) where the engine has it (feature-detected with WebAssembly.validate),
 * and otherwise in the JavaScript loops of scalar.ts, which compute the same operations and give
 * bit-identical results. The arrays are copied through the module's own memory in chunks of 16,384 values
 * (the copies cost little next to a tanh), with no allocation per call. The error bounds below, in ulps of the correctly rounded result,
 * are tested against a 160-bit reference on 20,480 random inputs per function and on edge values
 * (vector-math-ulp.test.ts); special values come out as Math's do (tanh(-0) = -0, exp(-Infinity) = 0,
 * log(0) = -Infinity, log(-1) = NaN, NaN stays NaN).
 */
import { type WasmMemory, webAssemblyFor } from '../wasm-api.ts';
import { expScalar, logScalar, sigmoidScalar, tanhScalar } from './scalar.ts';
import { TANH_TABLE } from './tanh-table.ts';
import {
  CHUNK_START,
  CHUNK_VALUES,
  MEMORY_PAGES,
  moduleBytes,
  TANH_TABLE_ADDRESS,
  VALUES_PER_ITERATION,
} from './wasm-module.ts';

/** Each function's maximum error, in ulps of the correctly rounded result (the measured maxima in the doc comments). */
export const ERROR_BOUND_ULPS = { tanh: 1.5, exp: 1, log: 1, sigmoid: 2 } as const;

/** A kernel of the module: writes f of the float64s in memory bytes [x, end) to the bytes from out on. */
type Kernel = (x: number, out: number, end: number) => void;
/** A backward rule of the module: writes rule(g, y) for g in memory bytes [g, end) to the bytes from out on. */
type BackwardKernel = (g: number, y: number, out: number, end: number) => void;

/** The module's functions, working on byte addresses of the memory it was instantiated on. */
export interface VectorKernels {
  readonly tanh: Kernel;
  readonly exp: Kernel;
  readonly log: Kernel;
  readonly sigmoid: Kernel;
  readonly tanhBackward: BackwardKernel;
}

const api = webAssemblyFor(moduleBytes);
const vectorModule = api === null ? null : new api.Module(moduleBytes);

/**
 * The kernels working in place on `memory` (a WebAssembly.Memory, any size up to 1 GiB), or null without
 * WebAssembly SIMD. The memory's first TANH_RESERVED_BYTES hold the tanh table, written here: the caller
 * keeps its own values after them. A kernel reads and writes whole iterations of VALUES_PER_ITERATION
 * values: the caller pads each array it passes to that many.
 */
export function vectorKernelsOn(memory: WasmMemory): VectorKernels | null {
  if (api === null || vectorModule === null) return null;
  new Float64Array(memory.buffer, TANH_TABLE_ADDRESS, TANH_TABLE.length).set(TANH_TABLE);
  return new api.Instance(vectorModule, { env: { memory } }).exports as VectorKernels;
}

function instantiate(): { kernels: VectorKernels; heap: Float64Array } | null {
  if (api === null) return null;
  const memory = new api.Memory({ initial: MEMORY_PAGES, maximum: MEMORY_PAGES });
  return { kernels: vectorKernelsOn(memory)!, heap: new Float64Array(memory.buffer) };
}

const compiled = instantiate();

/** Whether the WebAssembly SIMD kernels run here (false: the JavaScript loops of scalar.ts). */
export const simdAvailable = compiled !== null;

/**
 * Copies x through the module's memory in chunks, applying the kernel to each. The copies are index loops,
 * not `set` of a `subarray`: a subarray is a new view object per call, and a compiled step's replay must
 * allocate nothing.
 */
function throughModule(kernel: Kernel, heap: Float64Array, x: Float64Array, out: Float64Array): void {
  for (let start = 0; start < x.length; start += CHUNK_VALUES) {
    const length = Math.min(CHUNK_VALUES, x.length - start);
    for (let i = 0; i < length; i++) heap[CHUNK_START + i] = x[start + i]!;
    // The kernel works on whole iterations; the values past `length` are left over from before and unused.
    const padded = Math.ceil(length / VALUES_PER_ITERATION) * VALUES_PER_ITERATION;
    kernel(8 * CHUNK_START, 8 * CHUNK_START, 8 * (CHUNK_START + padded));
    for (let i = 0; i < length; i++) out[start + i] = heap[CHUNK_START + i]!;
  }
}

/** out[i] = tanh(x[i]), within 1.5 ulp (measured: 0.85). */
export function tanhInto(x: Float64Array, out: Float64Array): void {
  if (compiled !== null && x.length >= VALUES_PER_ITERATION) {
    throughModule(compiled.kernels.tanh, compiled.heap, x, out);
    return;
  }
  for (let i = 0; i < x.length; i++) out[i] = tanhScalar(x[i]!);
}

/** out[i] = e^x[i], within 1 ulp (measured: 0.89). */
export function expInto(x: Float64Array, out: Float64Array): void {
  if (compiled !== null && x.length >= VALUES_PER_ITERATION) {
    throughModule(compiled.kernels.exp, compiled.heap, x, out);
    return;
  }
  for (let i = 0; i < x.length; i++) out[i] = expScalar(x[i]!);
}

/** out[i] = ln x[i], within 1 ulp (measured: 0.74). */
export function logInto(x: Float64Array, out: Float64Array): void {
  if (compiled !== null && x.length >= VALUES_PER_ITERATION) {
    throughModule(compiled.kernels.log, compiled.heap, x, out);
    return;
  }
  for (let i = 0; i < x.length; i++) out[i] = logScalar(x[i]!);
}

/** out[i] = 1 / (1 + e^-x[i]), never overflowing, within 2 ulp (measured: 1.77). */
export function sigmoidInto(x: Float64Array, out: Float64Array): void {
  if (compiled !== null && x.length >= VALUES_PER_ITERATION) {
    throughModule(compiled.kernels.sigmoid, compiled.heap, x, out);
    return;
  }
  for (let i = 0; i < x.length; i++) out[i] = sigmoidScalar(x[i]!);
}

/** out[i] = g[i] (1 - y[i]^2): tanh's backward given its output y (d/dx tanh x = 1 - tanh^2 x). */
export function tanhGradientInto(g: Float64Array, y: Float64Array, out: Float64Array): void {
  for (let i = 0; i < y.length; i++) out[i] = g[i]! * (1 - y[i]! * y[i]!);
}

/** out[i] = g[i] y[i] (1 - y[i]): sigmoid's backward given its output y (d/dx s(x) = s(x) (1 - s(x))). */
export function sigmoidGradientInto(g: Float64Array, y: Float64Array, out: Float64Array): void {
  for (let i = 0; i < y.length; i++) out[i] = g[i]! * y[i]! * (1 - y[i]!);
}
