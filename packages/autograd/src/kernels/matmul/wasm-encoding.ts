/**
 * Just enough of the WebAssembly binary format to write a small module by hand, so that the SIMD matmul
 * kernel needs no compiler and no build step: the module is assembled from these bytes when the kernel is
 * first loaded. Names follow the text format (`local.get`, `f64x2.mul`); the opcodes are those of the
 * WebAssembly core specification, section 5 (binary format), and its fixed-width SIMD extension.
 */

export type Bytes = readonly number[];

/** Value types. */
export const i32 = 0x7f;
export const f64 = 0x7c;
export const v128 = 0x7b;
export type ValueType = typeof i32 | typeof f64 | typeof v128;

/** An unsigned integer in LEB128: 7 bits per byte, low bits first, the high bit set on all but the last. */
export function unsignedLeb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** A signed integer in LEB128 (two's complement, sign-extended from the last byte's bit 6). */
export function signedLeb128(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

/** A vector: its length, then its items. */
function vector(items: readonly Bytes[]): number[] {
  return [...unsignedLeb128(items.length), ...items.flat()];
}

function name(text: string): number[] {
  return vector(Array.from(new TextEncoder().encode(text), (byte) => [byte]));
}

function section(id: number, content: Bytes): number[] {
  return [id, ...unsignedLeb128(content.length), ...content];
}

// Instructions: each returns its encoding.
export const localGet = (index: number): Bytes => [0x20, ...unsignedLeb128(index)];
export const localSet = (index: number): Bytes => [0x21, ...unsignedLeb128(index)];
export const localTee = (index: number): Bytes => [0x22, ...unsignedLeb128(index)];
export const i32Const = (value: number): Bytes => [0x41, ...signedLeb128(value)];
export const i32Eqz: Bytes = [0x45];
export const i32LtU: Bytes = [0x49];
export const i32Add: Bytes = [0x6a];
export const i32Mul: Bytes = [0x6c];
export const i32And: Bytes = [0x71];
export const i32ShrU: Bytes = [0x76];
/** Scalar float64: load and store at address + offset (8-byte aligned), add, multiply, and the constant 0. */
export const f64Load = (offset: number): Bytes => [0x2b, 3, ...unsignedLeb128(offset)];
export const f64Store = (offset: number): Bytes => [0x39, 3, ...unsignedLeb128(offset)];
export const f64Add: Bytes = [0xa0];
export const f64Mul: Bytes = [0xa2];
export const f64Zero: Bytes = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
/** `block` and `loop` with no result; `br_if depth` jumps out of a block or back to a loop's start. */
export const block = (...body: Bytes[]): Bytes => [0x02, 0x40, ...body.flat(), 0x0b];
export const loop = (...body: Bytes[]): Bytes => [0x03, 0x40, ...body.flat(), 0x0b];
export const brIf = (depth: number): Bytes => [0x0d, ...unsignedLeb128(depth)];

// SIMD instructions: prefix 0xfd, then the opcode as LEB128, then a memory argument (log2 alignment and
// byte offset) for loads and stores.
const simd = (opcode: number, immediates: Bytes = []): Bytes => [
  0xfd,
  ...unsignedLeb128(opcode),
  ...immediates,
];
/** v128.load: 16 bytes (two float64) at address + offset. */
export const v128Load = (offset: number): Bytes => simd(0x00, [4, ...unsignedLeb128(offset)]);
/** v128.load64_splat: one float64 at address + offset, copied into both lanes. */
export const v128Load64Splat = (offset: number): Bytes => simd(0x0a, [3, ...unsignedLeb128(offset)]);
export const v128Store = (offset: number): Bytes => simd(0x0b, [4, ...unsignedLeb128(offset)]);
export const v128Zero: Bytes = simd(0x0c, new Array<number>(16).fill(0));
export const f64x2Add: Bytes = simd(0xf0);
export const f64x2Mul: Bytes = simd(0xf2);

export interface FunctionDefinition {
  readonly name: string;
  readonly params: readonly ValueType[];
  /** Locals after the parameters, numbered from params.length on. */
  readonly locals: readonly ValueType[];
  readonly body: readonly Bytes[];
}

/** The memory a module imports as `env.memory`: shared memories can be used by several threads at once. */
export interface MemoryImport {
  readonly shared: boolean;
  /** The most 64 KiB pages it may grow to (a shared memory reserves them up front). */
  readonly maximumPages: number;
}

/**
 * A module that imports its memory as `env.memory` (at least 1 page) and exports each function under its
 * name. Functions return nothing.
 */
export function encodeModule(
  functions: readonly FunctionDefinition[],
  memory: MemoryImport,
): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((type) => [type])), ...vector([])]);
  const bodies = functions.map((f) => {
    const locals = vector(f.locals.map((type) => [1, type]));
    const code = [...locals, ...f.body.flat(), 0x0b];
    return [...unsignedLeb128(code.length), ...code];
  });
  // Memory limits: flag 1 = a maximum follows, 3 = a maximum follows and the memory is shared.
  const limits = [memory.shared ? 0x03 : 0x01, 1, ...unsignedLeb128(memory.maximumPages)];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, ...limits];
  const exports = functions.map((f, index) => [...name(f.name), 0x00, ...unsignedLeb128(index)]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d], // "\0asm"
    ...[0x01, 0x00, 0x00, 0x00], // version 1
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, index) => unsignedLeb128(index)))),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
