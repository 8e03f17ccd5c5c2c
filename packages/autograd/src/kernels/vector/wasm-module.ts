/**
 * The vector kernels as a WebAssembly SIMD module, assembled from bytes at load time (no toolchain): each of
 * tanh, exp, log and sigmoid is a function (param $x $out $end i32) that writes f of the float64 values in
 * memory bytes [$x, $end) to the bytes from $out on ($out = $x works in place), VECTORS f64x2 vectors per
 * loop iteration ($end - $x a multiple of 16 VECTORS). The backward rule tanhBackward
 * takes (param $g $y $out $end i32), $end bounding $g. A tanh or an exp is one long chain of dependent operations, so the iteration
 * works on several independent vectors, statement by statement, and the processor overlaps their chains.
 * Each function computes exactly the operations of its counterpart in scalar.ts, in the same order, with
 * both cases of a two-case algorithm computed and one selected per lane by a mask.
 */
import {
  type Bytes,
  block,
  brIf,
  encodeModule,
  i32,
  i32Add,
  i32Const,
  i32Eqz,
  i32LtU,
  localGet,
  localSet,
  localTee,
  loop,
  type ValueType,
  v128,
  v128Load,
  v128Store,
} from '../matmul/wasm-encoding.ts';
import { MODULE_MAXIMUM_PAGES } from '../wasm-api.ts';
import {
  EXP_MAX_INPUT,
  EXP_MIN_INPUT,
  EXPM1_G,
  LN2_HIGH,
  LN2_LOW,
  LOG_HIGH_WORD_SHIFT,
  LOG_LG,
  LOG2_E,
  MIN_NORMAL,
  ROUNDING_MAGIC,
  SQRT_HALF_HIGH_WORD,
  TWO_TO_54,
} from './coefficients.ts';
import {
  abs,
  add,
  addI64,
  and,
  div,
  type Expression,
  eq,
  f64,
  gt,
  i64,
  Locals,
  lanesOf,
  loadAt,
  lt,
  max,
  min,
  mul,
  neg,
  or,
  select,
  shiftLeftI32,
  shiftLeftI64,
  shiftRightSignedI64,
  shiftRightUnsignedI64,
  sub,
  subI64,
  truncateToI32,
} from './simd.ts';
import {
  TANH_CELLS_PER_UNIT,
  TANH_ENTRY_VALUES,
  TANH_SATURATION,
  TANH_SERIES,
  TANH_TABLE,
} from './tanh-table.ts';

/** Independent vectors per loop iteration (the issue measured 4 against 1 worth 1.4x for tanh). */
export const VECTORS = 4;
/** Float64 values per loop iteration: the unit the callers pad to. */
export const VALUES_PER_ITERATION = 2 * VECTORS;

const MAGIC_BITS = 0x4338000000000000n;
const EXPONENT_BIAS = 1023n;
const SIGN_BIT = f64(-0);

/** Polynomial p(r) by Horner's rule, coefficients highest degree first. */
function horner(coefficients: readonly number[], r: Expression): Expression {
  let value = f64(coefficients[0]!);
  for (const coefficient of coefficients.slice(1)) value = add(mul(value, r), f64(coefficient));
  return value;
}

/** 2^k as a double, for an integer k held (as an int64) in the lanes: (k + 1023) << 52. */
const powerOfTwo = (k: Expression) => shiftLeftI64(addI64(k, i64(EXPONENT_BIAS)), 52);

/**
 * Statements for r and k of e^y = 2^k e^r (scalar.ts's reduction): `k` the integer as a double, `kBits`
 * the same integer as an int64 (read from the rounding magic's low bits).
 */
function reduce(locals: Locals, y: Expression): Bytes[] {
  const rounded = locals.get('rounded');
  const k = locals.get('k');
  return [
    ...locals.set('rounded', add(mul(y, f64(LOG2_E)), f64(ROUNDING_MAGIC))),
    ...locals.set('k', sub(rounded, f64(ROUNDING_MAGIC))),
    ...locals.set('kBits', subI64(rounded, i64(MAGIC_BITS))),
    ...locals.set('r', sub(sub(y, mul(k, f64(LN2_HIGH))), mul(k, f64(LN2_LOW)))),
  ];
}

/** e^r - 1 = r + (r^2/2 + r^3 g(r)), into `expm1`. */
function expm1Reduced(locals: Locals): Bytes[] {
  const r = locals.get('r');
  const r2 = locals.get('r2');
  return [
    ...locals.set('r2', mul(r, r)),
    ...locals.set('expm1', add(r, add(mul(f64(0.5), r2), mul(mul(r2, r), horner(EXPM1_G, r))))),
  ];
}

/** e^y into `exp`, the scale 2^k applied as 2^(k >> 1) 2^(k - (k >> 1)). */
function expStatements(locals: Locals, y: Expression): Bytes[] {
  const kBits = locals.get('kBits');
  const half = locals.get('half');
  return [
    ...locals.set('clamped', min(max(y, f64(EXP_MIN_INPUT)), f64(EXP_MAX_INPUT))),
    ...reduce(locals, locals.get('clamped')),
    ...expm1Reduced(locals),
    ...locals.set('half', shiftRightSignedI64(kBits, 1)),
    ...locals.set(
      'exp',
      mul(mul(add(f64(1), locals.get('expm1')), powerOfTwo(half)), powerOfTwo(subI64(kBits, half))),
    ),
  ];
}

/** The operands' values in the body: the first (x, or g for a backward rule), the second (y). */
const x = (locals: Locals) => locals.get('x');
const y = (locals: Locals) => locals.get('y');

function expBody(locals: Locals): Bytes[] {
  return [...expStatements(locals, x(locals)), ...locals.set('result', locals.get('exp'))];
}

function sigmoidBody(locals: Locals): Bytes[] {
  const e = locals.get('exp');
  return [
    ...expStatements(locals, neg(abs(x(locals)))),
    ...locals.set('result', div(select(lt(x(locals), f64(0)), e, f64(1)), add(f64(1), e))),
  ];
}

/**
 * tanhScalar's operations: the cell's byte offset j * 32 from trunc(64 |x|), its entry [T_hi, T_lo, S, c]
 * read lane by lane (two 16-byte loads per lane, then the lanes' halves side by side), the series of
 * tanh(r), and T_hi + (T_lo + S t / (1 + T_hi t)) with the sign of x put back.
 */
function tanhBody(locals: Locals): Bytes[] {
  const magnitude = locals.get('magnitude');
  const at = locals.get('at');
  const tHigh = locals.get('tHigh');
  const r = locals.get('r');
  const s = locals.get('s');
  const t = locals.get('t');
  // The entries' halves [T_hi, T_lo] and [S, c], each read once per lane; a field is one float64 of a
  // half from both lanes' entries.
  const field = (name: string, position: 0 | 1) =>
    lanesOf(locals.get(`${name}0`), locals.get(`${name}1`), position);
  const loadHalves = ([0, 1] as const).flatMap((lane) => [
    ...locals.set(`tanhPair${lane}`, loadAt(at, lane, TANH_TABLE_ADDRESS)),
    ...locals.set(`scalePair${lane}`, loadAt(at, lane, TANH_TABLE_ADDRESS + 16)),
  ]);
  const entryBytes = Math.log2(8 * TANH_ENTRY_VALUES);
  return [
    ...locals.set('magnitude', min(abs(x(locals)), f64(TANH_SATURATION))),
    ...locals.set('at', shiftLeftI32(truncateToI32(mul(magnitude, f64(TANH_CELLS_PER_UNIT))), entryBytes)),
    ...loadHalves,
    ...locals.set('tHigh', field('tanhPair', 0)),
    ...locals.set('r', sub(magnitude, field('scalePair', 1))),
    ...locals.set('s', mul(r, r)),
    ...locals.set('t', add(r, mul(mul(r, s), horner(TANH_SERIES, s)))),
    ...locals.set(
      'result',
      or(
        add(tHigh, add(field('tanhPair', 1), div(mul(field('scalePair', 0), t), add(f64(1), mul(tHigh, t))))),
        and(x(locals), SIGN_BIT),
      ),
    ),
  ];
}

/** g (1 - y^2): tanh's backward given its output y, as tanhGradientInto. */
function tanhBackwardBody(locals: Locals): Bytes[] {
  return locals.set('result', mul(x(locals), sub(f64(1), mul(y(locals), y(locals)))));
}

function logBody(locals: Locals): Bytes[] {
  const value = x(locals);
  const subnormal = locals.get('subnormal');
  const shifted = locals.get('shifted');
  const f = locals.get('f');
  const s = locals.get('s');
  const z = locals.get('z');
  const w = locals.get('w');
  const k = locals.get('k');
  const hfsq = locals.get('hfsq');
  const [LG1, LG2, LG3, LG4, LG5, LG6, LG7] = LOG_LG;
  const highWord = (word: number) => BigInt(word) << 32n;
  return [
    ...locals.set('subnormal', lt(value, f64(MIN_NORMAL))),
    ...locals.set(
      'shifted',
      addI64(select(subnormal, mul(value, f64(TWO_TO_54)), value), i64(highWord(LOG_HIGH_WORD_SHIFT))),
    ),
    // k = (shifted >> 52) - 1023 - (54 if subnormal), as a double through the rounding magic's low bits.
    ...locals.set(
      'k',
      sub(
        sub(
          addI64(subI64(shiftRightUnsignedI64(shifted, 52), i64(EXPONENT_BIAS)), i64(MAGIC_BITS)),
          f64(ROUNDING_MAGIC),
        ),
        select(subnormal, f64(54), f64(0)),
      ),
    ),
    ...locals.set(
      'f',
      sub(addI64(and(shifted, i64(0xfffffffffffffn)), i64(highWord(SQRT_HALF_HIGH_WORD))), f64(1)),
    ),
    ...locals.set('s', div(f, add(f64(2), f))),
    ...locals.set('z', mul(s, s)),
    ...locals.set('w', mul(z, z)),
    ...locals.set('hfsq', mul(mul(f64(0.5), f), f)),
    ...locals.set(
      'terms',
      add(
        mul(z, add(f64(LG1), mul(w, add(f64(LG3), mul(w, add(f64(LG5), mul(w, f64(LG7)))))))),
        mul(w, add(f64(LG2), mul(w, add(f64(LG4), mul(w, f64(LG6)))))),
      ),
    ),
    ...locals.set(
      'result',
      select(
        and(gt(value, f64(0)), lt(value, f64(Number.POSITIVE_INFINITY))),
        sub(
          mul(k, f64(LN2_HIGH)),
          sub(sub(hfsq, add(mul(s, add(hfsq, locals.get('terms'))), mul(k, f64(LN2_LOW)))), f),
        ),
        select(
          eq(value, f64(0)),
          f64(Number.NEGATIVE_INFINITY),
          select(lt(value, f64(0)), f64(Number.NaN), value),
        ),
      ),
    ),
  ];
}

/** The operands each kernel reads, by the local each is loaded into. */
const UNARY = ['x'] as const;
const BINARY = ['x', 'y'] as const;

/**
 * (param $operand... $out $end i32): for (; $operand0 < $end; every pointer += 16 VECTORS) { load each
 * operand's VECTORS vectors; body; store result }. The loads of an iteration come before its stores, so
 * $out may equal an operand.
 */
function kernel(name: string, operands: readonly string[], body: (locals: Locals) => Bytes[]) {
  const out = operands.length;
  const end = out + 1;
  const locals = new Locals(end + 1, VECTORS);
  const vectors = Array.from({ length: VECTORS }, (_, copy) => copy);
  const loads = operands.flatMap((operand, pointer) =>
    vectors.map((copy) => [
      ...localGet(pointer),
      ...v128Load(16 * copy),
      ...localSet(locals.index(operand, copy)),
    ]),
  );
  const compute = body(locals);
  const stores = vectors.map((copy) => [
    ...localGet(out),
    ...localGet(locals.index('result', copy)),
    ...v128Store(16 * copy),
  ]);
  const advance = (pointer: number) => [
    ...localGet(pointer),
    ...i32Const(16 * VECTORS),
    ...i32Add,
    ...localSet(pointer),
  ];
  const code = block(
    localGet(0),
    localGet(end),
    i32LtU,
    i32Eqz,
    brIf(0),
    loop(
      loads.flat(),
      compute.flat(),
      stores.flat(),
      Array.from({ length: out }, (_, pointer) => advance(pointer + 1)).flat(),
      localGet(0),
      i32Const(16 * VECTORS),
      i32Add,
      localTee(0),
      localGet(end),
      i32LtU,
      brIf(0),
    ),
  );
  return {
    name,
    params: new Array<ValueType>(end + 1).fill(i32),
    locals: new Array<ValueType>(locals.count).fill(v128),
    body: [code],
  };
}

/**
 * Where the tanh table (tanh-table.ts) lies in every memory the module runs on: at its start, written by
 * vectorKernelsOn; a memory's own buffers (vector-math.ts's chunk, an arena's) begin after it.
 */
export const TANH_TABLE_ADDRESS = 0;
/** The bytes at the start of a memory that the tanh table takes. */
export const TANH_RESERVED_BYTES = TANH_TABLE_ADDRESS + TANH_TABLE.byteLength;

/**
 * The shared memory vector-math.ts copies arrays through, in chunks of CHUNK_VALUES float64s (128 KiB, so
 * that a chunk stays in the processor's cache between its copy in, the kernel and its copy out). The
 * module accepts any memory up to MODULE_MAXIMUM_PAGES: a compiled plan instantiates it on its own (arena.ts).
 */
export const CHUNK_VALUES = 16384;
/** The chunk's first value, after the tanh table. */
export const CHUNK_START = TANH_RESERVED_BYTES / 8;
export const MEMORY_PAGES = Math.ceil((TANH_RESERVED_BYTES + 8 * CHUNK_VALUES) / 65536);

export const moduleBytes = encodeModule(
  [
    kernel('tanh', UNARY, tanhBody),
    kernel('exp', UNARY, expBody),
    kernel('log', UNARY, logBody),
    kernel('sigmoid', UNARY, sigmoidBody),
    kernel('tanhBackward', BINARY, tanhBackwardBody),
  ],
  { shared: false, maximumPages: MODULE_MAXIMUM_PAGES },
);
