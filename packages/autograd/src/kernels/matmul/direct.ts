/**
 * Small products computed straight from their operands, with no packing: the loops a compiled plan runs on
 * the buffers of its arena (compile/arena.ts) for the products of a small network (W2's X W1, dZ W2ᵀ, Xᵀ dA:
 * a few thousand multiply-adds, where packing panels and copying C out cost more than the products).
 * Each adds the same products in the same order as the loop `matmul` chooses for the shape, so the bits are
 * matmul's:
 *
 *   pairs (the tile loop's order, for n >= 2): C[i, j] = 0 + A[i,0] B[0,j] + A[i,1] B[1,j] + ... in turn,
 *     two columns at a time in f64x2 lanes (B's columns must be adjacent in memory), the last odd column
 *     in scalar code;
 *   dots (dot-products.ts's order, for n = 1): four partial sums over p = 0, 4, 8, ...; 1, 5, ...; 2, 6,
 *     ...; 3, 7, ..., added as (s0 + s1) + (s2 + s3), then the last k mod 4 products one by one.
 *
 * A and B are read through byte steps (a transposed operand has other steps), and the `Bias` variants add
 * addmm's bias row after the sum (C + bias, as addmm adds it), read through a row step (0: one row for all).
 */

import { MODULE_MAXIMUM_PAGES } from '../wasm-api.ts';
import {
  type Bytes,
  block,
  brIf,
  encodeModule,
  type FunctionDefinition,
  f64,
  f64Add,
  f64Load,
  f64Mul,
  f64Store,
  f64x2Add,
  f64x2Mul,
  f64Zero,
  i32,
  i32Add,
  i32And,
  i32Const,
  i32Eqz,
  i32LtU,
  i32Mul,
  i32ShrU,
  localGet,
  localSet,
  localTee,
  loop,
  type ValueType,
  v128,
  v128Load,
  v128Load64Splat,
  v128Store,
  v128Zero,
} from './wasm-encoding.ts';

/** The parameters, in order: byte addresses and byte steps, then the sizes. */
const A = 0;
const A_ROW_STEP = 1;
const A_COLUMN_STEP = 2;
const B = 3;
const B_ROW_STEP = 4;
const BIAS = 5;
const BIAS_ROW_STEP = 6;
const C = 7;
const M = 8;
const K = 9;
const N = 10;
const PARAMS = 11;

/** `local = value`. */
const set = (local: number, ...value: Bytes[]): Bytes[] => [...value, localSet(local)];
/** `local += amount`. */
const addTo = (local: number, ...amount: Bytes[]): Bytes[] => [
  localGet(local),
  ...amount,
  i32Add,
  localSet(local),
];

/** for (counter = 0; counter < limit; counter++) body: nothing when limit is 0. */
function countedLoop(counter: number, limit: Bytes[], body: Bytes[]): Bytes[] {
  return [
    ...set(counter, i32Const(0)),
    block(
      limit.flat(),
      i32Eqz,
      brIf(0),
      loop(
        body.flat(),
        localGet(counter),
        i32Const(1),
        i32Add,
        localTee(counter),
        limit.flat(),
        i32LtU,
        brIf(0),
      ),
    ),
  ];
}

/** Locals numbered after the parameters, by type. */
class Locals {
  readonly types: ValueType[] = [];
  add(type: ValueType): number {
    this.types.push(type);
    return PARAMS + this.types.length - 1;
  }
}

/** Column pairs worked together in the inner loop: independent sums the processor overlaps (as the tile loop's 8). */
const PAIRS_PER_GROUP = 4;

/**
 * C = A B (+ bias), column pairs in f64x2 lanes and the odd last column in scalar code (the tile order).
 * A row's pairs go four at a time, sharing each A value, then one at a time; each sum still runs over p in
 * order, so the grouping does not change a bit.
 */
function pairs(withBias: boolean): FunctionDefinition {
  const locals = new Locals();
  const i = locals.add(i32);
  const p = locals.add(i32);
  const j = locals.add(i32);
  const aRow = locals.add(i32);
  const cRow = locals.add(i32);
  const biasRow = locals.add(i32);
  const aPointer = locals.add(i32);
  const bPointer = locals.add(i32);
  const pairsEnd = locals.add(i32);
  const groupsEnd = locals.add(i32);
  const sums = Array.from({ length: PAIRS_PER_GROUP }, () => locals.add(v128));
  const aValue = locals.add(v128);
  const scalarSum = locals.add(f64);
  const advance = [...addTo(aPointer, localGet(A_COLUMN_STEP)), ...addTo(bPointer, localGet(B_ROW_STEP))];
  /** `width` pairs from column byte j on: their sums over p, the bias, and the stores. */
  const group = (width: number): Bytes[] => {
    const groupSums = sums.slice(0, width);
    return [
      ...groupSums.flatMap((sum) => set(sum, v128Zero)),
      ...set(aPointer, localGet(aRow)),
      ...set(bPointer, localGet(B), localGet(j), i32Add),
      ...countedLoop(
        p,
        [localGet(K)],
        [
          ...set(aValue, localGet(aPointer), v128Load64Splat(0)),
          ...groupSums.flatMap((sum, g) =>
            set(
              sum,
              localGet(sum),
              localGet(aValue),
              localGet(bPointer),
              v128Load(16 * g),
              f64x2Mul,
              f64x2Add,
            ),
          ),
          ...advance,
        ],
      ),
      ...groupSums.flatMap((sum, g) => [
        ...(withBias
          ? set(sum, localGet(sum), localGet(biasRow), localGet(j), i32Add, v128Load(16 * g), f64x2Add)
          : []),
        localGet(cRow),
        localGet(j),
        i32Add,
        localGet(sum),
        v128Store(16 * g),
      ]),
    ];
  };
  /** while (j < end) { group(width); j += 16 width }. */
  const groups = (width: number, end: number): Bytes =>
    block(
      localGet(j),
      localGet(end),
      i32LtU,
      i32Eqz,
      brIf(0),
      loop(
        group(width).flat(),
        localGet(j),
        i32Const(16 * width),
        i32Add,
        localTee(j),
        localGet(end),
        i32LtU,
        brIf(0),
      ),
    );
  const lastColumn = [
    ...set(scalarSum, f64Zero),
    ...set(aPointer, localGet(aRow)),
    ...set(bPointer, localGet(B), localGet(pairsEnd), i32Add),
    ...countedLoop(
      p,
      [localGet(K)],
      [
        ...set(
          scalarSum,
          localGet(scalarSum),
          localGet(aPointer),
          f64Load(0),
          localGet(bPointer),
          f64Load(0),
          f64Mul,
          f64Add,
        ),
        ...advance,
      ],
    ),
    ...(withBias
      ? set(scalarSum, localGet(scalarSum), localGet(biasRow), localGet(pairsEnd), i32Add, f64Load(0), f64Add)
      : []),
    localGet(cRow),
    localGet(pairsEnd),
    i32Add,
    localGet(scalarSum),
    f64Store(0),
  ];
  const row = [
    ...set(j, i32Const(0)),
    groups(PAIRS_PER_GROUP, groupsEnd),
    groups(1, pairsEnd),
    block(localGet(N), i32Const(1), i32And, i32Eqz, brIf(0), lastColumn.flat()),
    ...addTo(aRow, localGet(A_ROW_STEP)),
    ...addTo(cRow, localGet(N), i32Const(8), i32Mul),
    ...addTo(biasRow, localGet(BIAS_ROW_STEP)),
  ];
  return {
    name: withBias ? 'pairsBias' : 'pairs',
    params: new Array<ValueType>(PARAMS).fill(i32),
    locals: locals.types,
    body: [
      ...set(pairsEnd, localGet(N), i32Const(-2), i32And, i32Const(8), i32Mul),
      ...set(groupsEnd, localGet(N), i32Const(-2 * PAIRS_PER_GROUP), i32And, i32Const(8), i32Mul),
      ...set(aRow, localGet(A)),
      ...set(cRow, localGet(C)),
      ...set(biasRow, localGet(BIAS)),
      ...countedLoop(i, [localGet(M)], row),
    ],
  };
}

/** C = A b (+ bias) for a single column b: each entry dot-products.ts's four partial sums. */
function dots(withBias: boolean): FunctionDefinition {
  const locals = new Locals();
  const i = locals.add(i32);
  const q = locals.add(i32);
  const aRow = locals.add(i32);
  const cPointer = locals.add(i32);
  const biasRow = locals.add(i32);
  const aPointer = locals.add(i32);
  const bPointer = locals.add(i32);
  const partial = [locals.add(f64), locals.add(f64), locals.add(f64), locals.add(f64)] as const;
  const sum = locals.add(f64);
  /** s[r] += A[i, p + r] B[p + r]: the addresses r steps on. */
  const product = (r: number): Bytes[] => [
    localGet(aPointer),
    localGet(A_COLUMN_STEP),
    i32Const(r),
    i32Mul,
    i32Add,
    f64Load(0),
    localGet(bPointer),
    localGet(B_ROW_STEP),
    i32Const(r),
    i32Mul,
    i32Add,
    f64Load(0),
    f64Mul,
  ];
  const fourSteps = (local: number, step: number) => addTo(local, localGet(step), i32Const(4), i32Mul);
  const row = [
    ...partial.flatMap((local) => set(local, f64Zero)),
    ...set(aPointer, localGet(aRow)),
    ...set(bPointer, localGet(B)),
    ...countedLoop(
      q,
      [localGet(K), i32Const(2), i32ShrU],
      [
        ...partial.flatMap((local, r) => set(local, localGet(local), product(r).flat(), f64Add)),
        ...fourSteps(aPointer, A_COLUMN_STEP),
        ...fourSteps(bPointer, B_ROW_STEP),
      ],
    ),
    ...set(
      sum,
      localGet(partial[0]),
      localGet(partial[1]),
      f64Add,
      localGet(partial[2]),
      localGet(partial[3]),
      f64Add,
      f64Add,
    ),
    ...countedLoop(
      q,
      [localGet(K), i32Const(3), i32And],
      [
        ...set(sum, localGet(sum), product(0).flat(), f64Add),
        ...addTo(aPointer, localGet(A_COLUMN_STEP)),
        ...addTo(bPointer, localGet(B_ROW_STEP)),
      ],
    ),
    ...(withBias ? set(sum, localGet(sum), localGet(biasRow), f64Load(0), f64Add) : []),
    localGet(cPointer),
    localGet(sum),
    f64Store(0),
    ...addTo(cPointer, i32Const(8)),
    ...addTo(aRow, localGet(A_ROW_STEP)),
    ...addTo(biasRow, localGet(BIAS_ROW_STEP)),
  ];
  return {
    name: withBias ? 'dotsBias' : 'dots',
    params: new Array<ValueType>(PARAMS).fill(i32),
    locals: locals.types,
    body: [
      ...set(aRow, localGet(A)),
      ...set(cPointer, localGet(C)),
      ...set(biasRow, localGet(BIAS)),
      ...countedLoop(i, [localGet(M)], row),
    ],
  };
}

/** The direct loops' signature: (a, aRowStep, aColumnStep, b, bRowStep, bias, biasRowStep, c, m, k, n). */
export type DirectProduct = (
  a: number,
  aRowStep: number,
  aColumnStep: number,
  b: number,
  bRowStep: number,
  bias: number,
  biasRowStep: number,
  c: number,
  m: number,
  k: number,
  n: number,
) => void;

export interface DirectProducts {
  readonly pairs: DirectProduct;
  readonly pairsBias: DirectProduct;
  readonly dots: DirectProduct;
  readonly dotsBias: DirectProduct;
}

/** The module of the four loops; it imports any memory up to 1 GiB (a plan's arena). */
export const directModuleBytes = encodeModule([pairs(false), pairs(true), dots(false), dots(true)], {
  shared: false,
  maximumPages: MODULE_MAXIMUM_PAGES,
});
