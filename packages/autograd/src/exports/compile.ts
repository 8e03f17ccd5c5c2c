/** compile: the exports of this area, gathered by the package's entry (src/index.ts). */
export {
  type CompiledFunction,
  type CompileOptions,
  compile,
} from '../compile/compile.ts';
export { CompileError } from '../compile/compile-error.ts';
export type { CompiledResult, Plan } from '../compile/executor.ts';
export type { ReplayKernel } from '../compile/replay-kernels.ts';
export { traceEffect } from '../compile/trace-effect.ts';
export { traceGuard } from '../compile/trace-guard.ts';
