/**
 * The part of the WebAssembly JavaScript API the SIMD kernels use (TypeScript's ES2022 lib does not declare
 * it), and the one check both modules (matmul's tile loop, the vector math) make before they instantiate.
 */

export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

export interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  readonly Memory: new (limits: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/** The engine's WebAssembly API where it can run `moduleBytes` (SIMD included), else null. */
export function webAssemblyFor(moduleBytes: Uint8Array): WebAssemblyApi | null {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  return api?.validate(moduleBytes) ? api : null;
}

/** The largest memory (in 64 KiB pages: 1 GiB) the vector and direct-product modules accept as theirs. */
export const MODULE_MAXIMUM_PAGES = 16384;
