/**
 * The narrow door to the loops over Float64Array. Ops and their backward rules call only these; a faster
 * implementation (blocked, fused, WebAssembly) replaces one here without touching the math above.
 * Every kernel returns a new contiguous row-major array and never writes to its inputs (except `addInto`,
 * which the backward pass uses on its own buffers, and `addBroadcastInto`, which addmm uses on its product).
 */
export { add, addBroadcastInto, type BinaryKernel, boundAddBroadcast, div, mul, sub } from './arithmetic.ts';
export {
  addInto,
  type BinaryFn,
  binary,
  mapWith,
  ternary,
  type UnaryFn,
  unary,
  zipWith,
} from './elementwise.ts';
export { concat, gather, indexAdd, indexSelect, scatterAdd } from './indexing.ts';
export { firstNonBinary, maskPositions } from './mask.ts';
export {
  abs,
  exp,
  log,
  neg,
  relu,
  reluGradient,
  sigmoid,
  softplus,
  sqrt,
  square,
  tanh,
  tanhGradient,
  type UnaryKernel,
} from './math.ts';
export { type BoundMatmul, boundMatmul, type MatmulOptions, matmul } from './matmul/matmul.ts';
export { argReduce, boundReducer, type ReduceKind, reduce } from './reduce.ts';
export { cumsum } from './scan.ts';
export { topkIndices } from './selection.ts';
export { gatherStrided, scatterStrided } from './strided.ts';
export { cos, sin } from './trig.ts';
