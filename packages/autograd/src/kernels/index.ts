/**
 * The narrow door to the loops over Float64Array. Ops and their backward rules call only these; a faster
 * implementation (blocked, fused, WebAssembly) replaces one here without touching the math above.
 * Every kernel returns a new contiguous row-major array and never writes to its inputs.
 */
export { type BinaryFn, binary, ternary, type UnaryFn, unary } from './elementwise.ts';
export { concat, gather, indexAdd, indexSelect, scatterAdd } from './indexing.ts';
export { matmul } from './matmul.ts';
export { argReduce, type ReduceKind, reduce } from './reduce.ts';
export { gatherStrided, scatterStrided } from './strided.ts';
