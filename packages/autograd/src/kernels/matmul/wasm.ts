import { type WasmMemory, webAssemblyFor } from '../wasm-api.ts';
import { paddedToTile, TILE, type TileKernel } from './packing.ts';
import { type TileLoop, TileThreads } from './threads.ts';
import {
  type Bytes,
  block,
  brIf,
  encodeModule,
  f64x2Add,
  f64x2Mul,
  i32,
  i32Add,
  i32Const,
  i32Eqz,
  i32LtU,
  i32Mul,
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

/**
 * The tile loop of blocked.ts in WebAssembly SIMD: the same 4x4 tiles over the same packed panels,
 * but each instruction works on 2 float64 lanes (f64x2), so a row of a tile is 2 vector sums instead of 4
 * scalar ones. Plain JavaScript has no SIMD, and V8 compiles the TypeScript loop to scalar code with a
 * bounds check on every load; this loop has neither limit. There is no fused multiply-add in WebAssembly's
 * SIMD (only in the relaxed-SIMD proposal), so each step rounds the product and the sum separately, exactly
 * as the TypeScript loop does.
 *
 * In the text format, the function is (with the 4 rows r and 2 halves h of a tile written out):
 *
 *   (func $tiles (param $a $b $c $rowPanels $columnPanels $k $cRowBytes i32)
 *     for $row in 0..$rowPanels, for $column in 0..$columnPanels:
 *       $sum[r][h] = 0                                  ;; 8 x f64x2: the 16 sums of the tile
 *       for p in 0..$k:                                 ;; $aPointer and $bPointer advance 32 bytes a step
 *         $bLeft  = v128.load (B panel, step p, columns 0-1)
 *         $bRight = v128.load (B panel, step p, columns 2-3)
 *         for r: $aSplat = v128.load64_splat (A panel, step p, row r)
 *                $sum[r][0] += $aSplat * $bLeft; $sum[r][1] += $aSplat * $bRight
 *       v128.store each $sum[r][h] into row r, columns 2h..2h+1 of the tile of C
 */
const params = { a: 0, b: 1, c: 2, rowPanels: 3, columnPanels: 4, k: 5, cRowBytes: 6 } as const;
const locals = { row: 7, column: 8, aPanel: 9, aPointer: 10, bPointer: 11, aEnd: 12, cPointer: 13 } as const;
/** The v128 locals: the tile's sums, then the step's B values and splatted A value. */
const firstSum = 14;
const sum = (r: number, half: number) => firstSum + 2 * r + half;
const bLeft = firstSum + 2 * TILE;
const bRight = bLeft + 1;
const aSplat = bRight + 1;
/** Bytes per panel step: 4 float64. */
const STEP_BYTES = TILE * 8;

const rows = Array.from({ length: TILE }, (_, r) => r);
const halves = [0, 1];

/** x += y for the local x, in the stack machine: local.get x, (y), f64x2.add, local.set x. */
const addTo = (target: number, value: Bytes[]): Bytes[] => [
  localGet(target),
  ...value,
  f64x2Add,
  localSet(target),
];

const step: Bytes[] = [
  localGet(locals.bPointer),
  v128Load(0),
  localSet(bLeft),
  localGet(locals.bPointer),
  v128Load(16),
  localSet(bRight),
  ...rows.flatMap((r) => [
    localGet(locals.aPointer),
    v128Load64Splat(8 * r),
    localSet(aSplat),
    ...addTo(sum(r, 0), [localGet(aSplat), localGet(bLeft), f64x2Mul]),
    ...addTo(sum(r, 1), [localGet(aSplat), localGet(bRight), f64x2Mul]),
  ]),
  // bPointer += 32; aPointer += 32; continue while aPointer < aEnd
  localGet(locals.bPointer),
  i32Const(STEP_BYTES),
  i32Add,
  localSet(locals.bPointer),
  localGet(locals.aPointer),
  i32Const(STEP_BYTES),
  i32Add,
  localTee(locals.aPointer),
  localGet(locals.aEnd),
  i32LtU,
  brIf(0),
];

/** The byte length of one panel: k steps of 32 bytes. */
const panelBytes: Bytes[] = [localGet(params.k), i32Const(STEP_BYTES), i32Mul];

const tile: Bytes[] = [
  ...rows.flatMap((r) => halves.flatMap((half) => [v128Zero, localSet(sum(r, half))])),
  // aPointer = aPanel; aEnd = aPanel + panel bytes; bPointer = b + column * panel bytes
  localGet(locals.aPanel),
  localSet(locals.aPointer),
  localGet(locals.aPanel),
  ...panelBytes,
  i32Add,
  localSet(locals.aEnd),
  localGet(params.b),
  localGet(locals.column),
  ...panelBytes,
  i32Mul,
  i32Add,
  localSet(locals.bPointer),
  // biome-ignore lint/plugin/no-spread-arguments: a few instructions of a fixed kernel, small by construction
  block(localGet(params.k), i32Eqz, brIf(0), loop(...step)),
  // cPointer = c + row * 4 * cRowBytes + column * 32, then one row of the tile per cRowBytes
  localGet(params.c),
  localGet(locals.row),
  localGet(params.cRowBytes),
  i32Mul,
  i32Const(TILE),
  i32Mul,
  i32Add,
  localGet(locals.column),
  i32Const(STEP_BYTES),
  i32Mul,
  i32Add,
  localSet(locals.cPointer),
  ...rows.flatMap((r) => [
    ...halves.flatMap((half) => [localGet(locals.cPointer), localGet(sum(r, half)), v128Store(16 * half)]),
    ...(r < TILE - 1
      ? [localGet(locals.cPointer), localGet(params.cRowBytes), i32Add, localSet(locals.cPointer)]
      : []),
  ]),
];

const tilesBody: Bytes[] = [
  block(
    localGet(params.rowPanels),
    i32Eqz,
    brIf(0),
    localGet(params.columnPanels),
    i32Eqz,
    brIf(0),
    i32Const(0),
    localSet(locals.row),
    loop(
      // aPanel = a + row * panel bytes; for column in 0..columnPanels
      localGet(params.a),
      localGet(locals.row),
      // biome-ignore lint/plugin/no-spread-arguments: a few instructions of a fixed kernel, small by construction
      ...panelBytes,
      i32Mul,
      i32Add,
      localSet(locals.aPanel),
      i32Const(0),
      localSet(locals.column),
      loop(
        // biome-ignore lint/plugin/no-spread-arguments: a few instructions of a fixed kernel, small by construction
        ...tile,
        localGet(locals.column),
        i32Const(1),
        i32Add,
        localTee(locals.column),
        localGet(params.columnPanels),
        i32LtU,
        brIf(0),
      ),
      localGet(locals.row),
      i32Const(1),
      i32Add,
      localTee(locals.row),
      localGet(params.rowPanels),
      i32LtU,
      brIf(0),
    ),
  ),
];

/** A shared memory where threads exist, so that helper threads can work on the same panels. */
const SHARED = typeof SharedArrayBuffer === 'function';
const PAGE_BYTES = 65536;
/**
 * The most memory the module may have. Addresses are 32-bit, and a shared memory reserves its maximum up
 * front (address space only): 1 GiB, beyond which the TypeScript loop takes over.
 */
const MAX_BYTES = 2 ** 30;

const moduleBytes = encodeModule(
  [
    {
      name: 'tiles',
      params: Object.values(params).map((): ValueType => i32),
      locals: [
        ...Object.values(locals).map((): ValueType => i32),
        ...new Array<ValueType>(2 * TILE + 3).fill(v128),
      ],
      body: tilesBody,
    },
  ],
  { shared: SHARED, maximumPages: MAX_BYTES / PAGE_BYTES },
);

interface Compiled {
  readonly memory: WasmMemory;
  readonly threads: TileThreads;
}

/** The compiled module on its memory, or null where WebAssembly or its SIMD extension is missing. */
function compile(): Compiled | null {
  const api = webAssemblyFor(moduleBytes);
  if (api === null) return null;
  const memory = new api.Memory({ initial: 1, maximum: MAX_BYTES / PAGE_BYTES, shared: SHARED });
  const module = new api.Module(moduleBytes);
  const { tiles } = new api.Instance(module, { env: { memory } }).exports as { tiles: TileLoop };
  return { memory, threads: new TileThreads(tiles, module, memory) };
}

const compiled = compile();

/** The helper threads of the SIMD tile loop, or null without it (tests wait for them to start). */
export const tileThreads: TileThreads | null = compiled?.threads ?? null;

/** A float64 view of the memory, made again whenever the memory has grown. */
let heap: Float64Array = compiled === null ? new Float64Array(0) : new Float64Array(compiled.memory.buffer);

/**
 * The WebAssembly SIMD tile loop, or null where it cannot run. The workspace is the module's memory: the
 * panels are packed straight into it, C is written after them (large products by several threads, see
 * threads.ts) and copied out.
 */
export const wasmKernel: TileKernel | null =
  compiled === null
    ? null
    : {
        workspace(panelLength, m, n) {
          const { memory } = compiled;
          const bytes = (panelLength + paddedToTile(m) * paddedToTile(n)) * 8;
          if (bytes > MAX_BYTES) return null;
          const missing = bytes - memory.buffer.byteLength;
          if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
          if (heap.byteLength !== memory.buffer.byteLength) heap = new Float64Array(memory.buffer);
          return heap;
        },
        multiply(panels, bAt, m, k, n, out, outOffset, adding) {
          const paddedColumns = paddedToTile(n);
          const cAt = bAt + paddedColumns * k;
          compiled.threads.run(
            0,
            8 * bAt,
            8 * cAt,
            paddedToTile(m) / TILE,
            paddedColumns / TILE,
            k,
            8 * paddedColumns,
          );
          // Copied (or added) by a loop, not `set` of a subarray: a subarray is a new object per call, and a
          // compiled plan's replay allocates nothing.
          for (let i = 0; i < m; i++) {
            const from = cAt + i * paddedColumns;
            const to = outOffset + i * n;
            if (adding) for (let j = 0; j < n; j++) out[to + j] = out[to + j]! + panels[from + j]!;
            else for (let j = 0; j < n; j++) out[to + j] = panels[from + j]!;
          }
        },
      };
