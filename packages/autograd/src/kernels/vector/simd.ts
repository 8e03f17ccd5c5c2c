/**
 * A few lines of notation for writing the vector kernels as WebAssembly SIMD (f64x2) code: an expression
 * is a function from the copy of the loop body it is emitted for (each loop iteration works on several
 * independent vectors, each with its own locals) to its instructions. Opcodes from the WebAssembly SIMD
 * specification (binary format, prefix 0xfd); the rest of the encoding is matmul/wasm-encoding.ts's.
 */
import { type Bytes, localGet, localSet, unsignedLeb128 } from '../matmul/wasm-encoding.ts';

export type Expression = (copy: number) => Bytes[];

const simd = (opcode: number): Bytes => [0xfd, ...unsignedLeb128(opcode)];

/** v128.const from 16 little-endian bytes. */
function constant(bytes: Uint8Array): Expression {
  const instruction = [...simd(0x0c), ...bytes];
  return () => [instruction];
}

/** Both lanes the float64 value. */
export function f64(value: number): Expression {
  const lanes = new Float64Array([value, value]);
  return constant(new Uint8Array(lanes.buffer));
}

/** Both lanes the 64-bit integer value (two's complement). */
export function i64(value: bigint): Expression {
  const lanes = new BigInt64Array([value, value]);
  return constant(new Uint8Array(lanes.buffer));
}

const binary =
  (opcode: number) =>
  (left: Expression, right: Expression): Expression =>
  (copy) => [...left(copy), ...right(copy), simd(opcode)];
const unary =
  (opcode: number) =>
  (operand: Expression): Expression =>
  (copy) => [...operand(copy), simd(opcode)];

export const add = binary(0xf0);
export const sub = binary(0xf1);
export const mul = binary(0xf2);
export const div = binary(0xf3);
/** NaN if either lane is NaN, as Math.min and Math.max. */
export const min = binary(0xf4);
export const max = binary(0xf5);
export const abs = unary(0xec);
export const neg = unary(0xed);
/** Comparisons give a mask: all ones in a lane where true, zeros where false (always false for NaN). */
export const eq = binary(0x47);
export const lt = binary(0x49);
export const gt = binary(0x4a);
export const and = binary(0x4e);
export const or = binary(0x50);
/** left & ~right */
export const andNot = binary(0x4f);
/** The lanes as 64-bit integers. */
export const addI64 = binary(0xce);
export const subI64 = binary(0xd1);
const shiftBy = (opcode: number) => (operand: Expression, bits: number) => (copy: number) => [
  ...operand(copy),
  [0x41, bits], // i32.const bits (below 64: one byte)
  simd(opcode),
];
export const shiftLeftI64 = shiftBy(0xcb);
export const shiftRightSignedI64 = shiftBy(0xcc);
export const shiftRightUnsignedI64 = shiftBy(0xcd);

/**
 * The two float64 lanes truncated to int32 (saturating; NaN gives 0) in int32 lanes 0 and 1, lanes 2 and
 * 3 zero (i32x4.trunc_sat_f64x2_s_zero).
 */
export const truncateToI32 = unary(0xfc);
/** Each int32 lane shifted left by `bits`. */
export const shiftLeftI32 = shiftBy(0xab);

/**
 * The 16 bytes at memory address `offset` + int32 lane `lane` of `addresses` (i32x4.extract_lane, then
 * v128.load): one lane's table entry, or half of one.
 */
export const loadAt =
  (addresses: Expression, lane: number, offset: number): Expression =>
  (copy) => [...addresses(copy), [...simd(0x1b), lane], [...simd(0x00), 4, ...unsignedLeb128(offset)]];

/** Float64 lane `half` of `first` and of `second`, side by side (i8x16.shuffle). */
export const lanesOf =
  (first: Expression, second: Expression, half: 0 | 1): Expression =>
  (copy) => {
    const bytes = (from: number) => Array.from({ length: 8 }, (_, i) => from + 8 * half + i);
    return [...first(copy), ...second(copy), [...simd(0x0d), ...bytes(0), ...bytes(16)]];
  };

/** Per lane: whenIf where the mask is set, otherwise whenNot (v128.bitselect). */
export const select =
  (mask: Expression, whenIf: Expression, whenNot: Expression): Expression =>
  (copy) => [...whenIf(copy), ...whenNot(copy), ...mask(copy), simd(0x52)];

/** The v128 locals of a kernel, by name, each with one copy per vector of an iteration. */
export class Locals {
  private readonly names = new Map<string, number>();

  constructor(
    private readonly first: number,
    private readonly copies: number,
  ) {}

  /** The local `name` (declared on first use). */
  get(name: string): Expression {
    return (copy) => [localGet(this.index(name, copy))];
  }

  /** A statement `name = value`, in every copy one after the other, so the copies' chains interleave. */
  set(name: string, value: Expression): Bytes[] {
    return Array.from({ length: this.copies }, (_, copy) => [
      ...value(copy).flat(),
      ...localSet(this.index(name, copy)),
    ]);
  }

  get count(): number {
    return this.names.size * this.copies;
  }

  index(name: string, copy: number): number {
    let slot = this.names.get(name);
    if (slot === undefined) {
      slot = this.names.size;
      this.names.set(name, slot);
    }
    return this.first + slot * this.copies + copy;
  }
}
