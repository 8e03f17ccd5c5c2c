/**
 * A plan's arena: one WebAssembly memory holding the plan's input, intermediate and result buffers, so that
 * the vector kernels (tanh, exp, log, sigmoid, tanh's backward rule) run on them where they lie, reading and
 * writing the buffers through their byte addresses, with no copy through the module's own memory (a copy
 * in and out costs about a third of a tanh), and so do small products (kernels/matmul/direct.ts), with no
 * packing and no copy of C. The parameters such a product reads are copied in at the start of each call
 * (staged: a few hundred values for a small network). A buffer here is an ordinary Float64Array, a view of the
 * memory, which the other kernels and the generated loops use as any other array. The memory never grows
 * (growing would detach every view), so the plan sizes it before allocating (plan.ts allocates twice).
 */
import { type DirectProducts, directModuleBytes } from '../kernels/matmul/direct.ts';
import { autoTakesDotProducts, productLayout as matmulLayout } from '../kernels/matmul/matmul.ts';
import { type VectorKernels, vectorKernelsOn } from '../kernels/vector/vector-math.ts';
import { TANH_RESERVED_BYTES, VALUES_PER_ITERATION } from '../kernels/vector/wasm-module.ts';
import { MODULE_MAXIMUM_PAGES, type WasmMemory, webAssemblyFor } from '../kernels/wasm-api.ts';
import { broadcastStrides } from '../shape/broadcast.ts';
import { type Shape, sizeOf } from '../shape/shape.ts';
import { type BoundOp, type Run, summedAxes } from './replay-kernels.ts';

const PAGE_BYTES = 65536;
/** The direct products' module, compiled once; each arena instantiates it (and the vector module) on its memory. */
const api = webAssemblyFor(directModuleBytes);
const directProduct = api === null ? null : new api.Module(directModuleBytes);

/**
 * Plans with less arena work than this (values through vector kernels and leading sums, multiply-adds of
 * small products: `arenaWork`) keep plain arrays: a memory per plan reserves address space, and a few
 * hundred values gain little.
 */
export const ARENA_MIN_WORK = 1024;

/** Each buffer is padded to whole kernel iterations, so a kernel's last iteration stays inside it. */
export function paddedLength(length: number): number {
  return Math.ceil(length / VALUES_PER_ITERATION) * VALUES_PER_ITERATION;
}

/** The kernels that run in the arena, by op: given the operands and the output, the bound call. */
const IN_ARENA: Readonly<
  Record<string, (kernels: VectorKernels, inputs: readonly Float64Array[], out: Float64Array) => Run>
> = {
  tanh: (kernels, [x], out) => unary(kernels.tanh, x!, out),
  exp: (kernels, [x], out) => unary(kernels.exp, x!, out),
  log: (kernels, [x], out) => unary(kernels.log, x!, out),
  sigmoid: (kernels, [x], out) => unary(kernels.sigmoid, x!, out),
  tanhBackward: (kernels, [g, y], out) => {
    const [gAt, yAt, outAt] = [g!.byteOffset, y!.byteOffset, out.byteOffset];
    const end = gAt + 8 * paddedLength(g!.length);
    return () => kernels.tanhBackward(gAt, yAt, outAt, end);
  },
};

function unary(kernel: VectorKernels['tanh'], x: Float64Array, out: Float64Array): Run {
  const [xAt, outAt] = [x.byteOffset, out.byteOffset];
  const end = xAt + 8 * paddedLength(x.length);
  return () => kernel(xAt, outAt, end);
}

/** Products up to this many multiply-adds run directly; larger ones pack panels for the tile loop. */
const DIRECT_MAX_MULTIPLY_ADDS = 2 ** 18;

/** Where the product's two matrices are among its inputs, and whether each is read transposed. */
const PRODUCTS: Readonly<Record<string, { a: number; b: number; transposeA: boolean; transposeB: boolean }>> =
  {
    matmul: { a: 0, b: 1, transposeA: false, transposeB: false },
    matmulTransposeA: { a: 0, b: 1, transposeA: true, transposeB: false },
    matmulTransposeB: { a: 0, b: 1, transposeA: false, transposeB: true },
    addmm: { a: 1, b: 2, transposeA: false, transposeB: false },
  };

/** m, k, n and the element strides of op(a) [m, k] and op(b) [k, n] (matmul.ts's), for 2-D operands. */
function productLayout(op: string, inputShapes: readonly Shape[]) {
  const product = PRODUCTS[op];
  if (product === undefined) return null;
  const aShape = inputShapes[product.a];
  const bShape = inputShapes[product.b];
  if (aShape?.length !== 2 || bShape?.length !== 2) return null;
  return { ...product, ...matmulLayout(aShape, bShape, product) };
}

/** How many leading axes a `sum` or `sumToShape` sums over, or null if it is not a sum over leading axes. */
function leadingAxesSummed(
  op: string,
  inputShapes: readonly Shape[],
  outputShape: Shape,
  replay: unknown,
): number | null {
  const axes =
    op === 'sum'
      ? (replay as readonly number[])
      : op === 'sumToShape'
        ? summedAxes(inputShapes[0]!, outputShape)
        : null;
  return axes?.every((axis, i) => axis === i) ? axes.length : null;
}

/**
 * The work an op would do in an arena: the values a vector kernel or a leading sum goes through, the
 * multiply-adds of a small product; 0 for any other op. A plan with ARENA_MIN_WORK of it gets an arena.
 */
export function arenaWork(
  op: string,
  inputShapes: readonly Shape[],
  outputShape: Shape,
  replay: unknown,
): number {
  if (Object.hasOwn(IN_ARENA, op)) return sizeOf(outputShape);
  if (leadingAxesSummed(op, inputShapes, outputShape, replay) !== null) return sizeOf(inputShapes[0]!);
  return directMultiplyAdds(op, inputShapes);
}

/** The multiply-adds of a product small enough to run directly, or 0 for any other op. */
function directMultiplyAdds(op: string, inputShapes: readonly Shape[]): number {
  const layout = productLayout(op, inputShapes);
  const multiplyAdds = layout === null ? 0 : layout.m * layout.k * layout.n;
  return multiplyAdds <= DIRECT_MAX_MULTIPLY_ADDS ? multiplyAdds : 0;
}

/** True for a product small enough to run directly (its parameters are then staged into the arena). */
export function isDirectProduct(op: string, inputShapes: readonly Shape[]): boolean {
  return directMultiplyAdds(op, inputShapes) > 0;
}

export class Arena {
  readonly #memory: WasmMemory;
  readonly #kernels: VectorKernels;
  readonly #products: DirectProducts;
  #next = 0;
  /** A 1, the row of ones that leading sums multiply by. */
  readonly #one: Float64Array;

  private constructor(memory: WasmMemory, kernels: VectorKernels, products: DirectProducts) {
    this.#memory = memory;
    this.#kernels = kernels;
    this.#products = products;
    // The tanh table the vector kernels read lies at the memory's start.
    this.#next = TANH_RESERVED_BYTES / 8;
    this.#one = this.allocate(1);
    this.#one[0] = 1;
  }

  /**
   * An arena of at least `values` float64s, or null where WebAssembly SIMD is missing, beyond the modules'
   * 1 GiB, or where the engine cannot give the memory.
   */
  static create(values: number): Arena | null {
    if (api === null || directProduct === null) return null;
    // The tanh table, the buffers, and the arena's own 1 (padded to a kernel iteration).
    const pages = Math.max(1, Math.ceil((TANH_RESERVED_BYTES + 8 * (values + paddedLength(1))) / PAGE_BYTES));
    if (pages > MODULE_MAXIMUM_PAGES) return null;
    let memory: WasmMemory;
    try {
      memory = new api.Memory({ initial: pages, maximum: pages });
    } catch (error) {
      // Out of memory for a WebAssembly memory: the plan keeps plain arrays.
      if (error instanceof RangeError) return null;
      throw error;
    }
    const kernels = vectorKernelsOn(memory);
    const products = new api.Instance(directProduct, { env: { memory } }).exports as DirectProducts;
    return kernels === null ? null : new Arena(memory, kernels, products);
  }

  /** A new buffer of `length` values (zeros), padded to whole kernel iterations. */
  allocate(length: number): Float64Array {
    const array = new Float64Array(this.#memory.buffer, 8 * this.#next, length);
    this.#next += paddedLength(length);
    return array;
  }

  /**
   * The op run in place on the arena's buffers, or null when it has no arena kernel or an operand lies
   * elsewhere (a parameter, a result).
   */
  bind(op: string, inputs: readonly Float64Array[], out: Float64Array): Run | null {
    const kernel = IN_ARENA[op];
    if (kernel === undefined || !this.#holds(out) || !inputs.every((input) => this.#holds(input))) {
      return null;
    }
    return kernel(this.#kernels, inputs, out);
  }

  /**
   * A sum over leading axes (`sum` over axes 0..r-1, or sumToShape dropping or squeezing them: a bias's
   * gradient), as the product 1ᵀ X of a row of ones with X seen as [rows, columns]: each column's
   * 0 + 1·x0 + 1·x1 + ... is eager's running sum exactly (1·x = x), two columns per f64x2 lane. Null for
   * other reductions.
   */
  bindLeadingSum({ op, inputs: [x], inputShapes, output, outputShape, replay }: BoundOp): Run | null {
    const summed = leadingAxesSummed(op, inputShapes, outputShape, replay);
    if (summed === null || !this.#holds(x!) || !this.#holds(output)) return null;
    const shape = inputShapes[0]!;
    const rows = sizeOf(shape.slice(0, summed));
    const columns = sizeOf(shape.slice(summed));
    const { pairs } = this.#products;
    const [one, xAt, outAt] = [this.#one.byteOffset, x!.byteOffset, output.byteOffset];
    return () => pairs(one, 0, 0, xAt, 8 * columns, 0, 0, outAt, 1, rows, columns);
  }

  /**
   * A small product (matmul, its transposed forms, addmm) run directly on the arena's buffers, or null when
   * it is not one, is too large, or reads memory elsewhere. The pairs loop needs B's columns adjacent (and
   * addmm's bias columns too), as they are unless B is read transposed with more than one row.
   */
  bindProduct({ op, inputs, inputShapes, output, outputShape }: BoundOp): Run | null {
    const layout = productLayout(op, inputShapes);
    if (layout === null || !isDirectProduct(op, inputShapes) || outputShape.length !== 2) return null;
    const { m, k, n } = layout;
    const a = inputs[layout.a]!;
    const b = inputs[layout.b]!;
    const bias = op === 'addmm' ? inputs[0]! : null;
    const [biasRowStride, biasColumnStride] =
      bias === null ? [0, 1] : (broadcastStrides(inputShapes[0]!, outputShape) as [number, number]);
    // The order of the loop matmul's `auto` takes for these columns: dot products' (which read B through any
    // stride) or the tiles'.
    const dotOrder = autoTakesDotProducts(n);
    const adjacent = dotOrder || (layout.bColumnStride === 1 && biasColumnStride === 1);
    const held = [a, b, output, ...(bias === null ? [] : [bias])].every((array) => this.#holds(array));
    if (!adjacent || !held) return null;
    const { pairs, pairsBias, dots, dotsBias } = this.#products;
    const loop = bias === null ? (dotOrder ? dots : pairs) : dotOrder ? dotsBias : pairsBias;
    const [aAt, bAt, outAt, biasAt] = [a.byteOffset, b.byteOffset, output.byteOffset, bias?.byteOffset ?? 0];
    const [aRowStep, aColumnStep, bRowStep] = [
      8 * layout.aRowStride,
      8 * layout.aColumnStride,
      8 * layout.bRowStride,
    ];
    const biasRowStep = 8 * biasRowStride;
    return () => loop(aAt, aRowStep, aColumnStep, bAt, bRowStep, biasAt, biasRowStep, outAt, m, k, n);
  }

  #holds(array: Float64Array): boolean {
    return array.buffer === this.#memory.buffer;
  }
}
