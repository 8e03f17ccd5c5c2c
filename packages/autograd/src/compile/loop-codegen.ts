/**
 * Writes the loop of one elementwise kernel, fused or not, as JavaScript source and compiles it once, when
 * the plan is built. A fused kernel is a tree of elementwise ops (each fused value read by one op only): the
 * loop computes each node's element into a local, in the order the ops ran, and stores only the root's. So
 * `tanh(a + b)` becomes
 *
 *     for (let i = 0; i < n; i++) { const t0 = (a0[i] + a1[m1[i]]); out[i] = fastTanh(t0); }
 *
 * An operand as large as the output is read at i, a one-element operand once per run, and a broadcast
 * operand through an index map (m1) made here, once, from its broadcast strides.
 */
import { broadcastStrides } from '../shape/broadcast.ts';
import { type Shape, sizeOf } from '../shape/shape.ts';
import { ELEMENTWISE, SCALAR_FUNCTIONS } from './elementwise-ops.ts';

/** One op of a loop: `operands` are earlier nodes (by index) or the loop's arrays (`{ array: k }`). */
export interface LoopNode {
  readonly op: string;
  /** What the op passed for its replay (a constant of its expression, such as leakyRelu's slope). */
  readonly replay?: unknown;
  readonly operands: readonly (number | { readonly array: number })[];
}

/** An array the loop reads, with its shape as the op read it (broadcast to the output's shape). */
export interface LoopArray {
  readonly data: Float64Array;
  readonly shape: Shape;
}

export interface ElementLoop {
  /** Runs the loop over the arrays it was built with. */
  readonly run: () => void;
  /** The statement computed for each element, for `explain()`. */
  readonly source: string;
}

/** The element of array k: full, one value, or through its index map. */
function access(k: number, array: LoopArray, outShape: Shape, maps: (Int32Array | null)[]): string {
  const size = sizeOf(outShape);
  if (array.data.length === size && sizeOf(array.shape) === size) return `a${k}[i]`;
  if (array.data.length === 1) return `s${k}`;
  maps[k] = indexMap(array.shape, outShape);
  return `a${k}[m${k}[i]]`;
}

/** For each element of the output (row-major), the index of the element of `shape` broadcast to it. */
function indexMap(shape: Shape, outShape: Shape): Int32Array {
  const strides = broadcastStrides(shape, outShape);
  const map = new Int32Array(sizeOf(outShape));
  const index = new Array<number>(outShape.length).fill(0);
  let offset = 0;
  for (let i = 0; i < map.length; i++) {
    map[i] = offset;
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      index[axis]!++;
      offset += strides[axis]!;
      if (index[axis]! < outShape[axis]!) break;
      offset -= strides[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
  return map;
}

/** Compiles the loop computing `nodes` (the last one is stored in `out`) over `arrays`. */
export function elementLoop(
  nodes: readonly LoopNode[],
  arrays: readonly LoopArray[],
  out: Float64Array,
  outShape: Shape,
): ElementLoop {
  const maps: (Int32Array | null)[] = arrays.map(() => null);
  const reads = arrays.map((array, k) => access(k, array, outShape, maps));
  const statements = nodes.map((node, index) => {
    const operands = node.operands.map((operand) =>
      typeof operand === 'number' ? `t${operand}` : reads[operand.array]!,
    );
    return `const t${index} = ${ELEMENTWISE[node.op]!(operands, node.replay)};`;
  });
  const body = `${statements.join(' ')} out[i] = t${nodes.length - 1};`;
  const scalars = reads.flatMap((read, k) => (read === `s${k}` ? [`const s${k} = a${k}[0];`] : []));
  const source = [
    `const { ${Object.keys(SCALAR_FUNCTIONS).join(', ')} } = functions;`,
    ...arrays.map((_, k) => `const a${k} = arrays[${k}], m${k} = maps[${k}];`),
    'const n = out.length;',
    `return function run() { ${scalars.join(' ')} for (let i = 0; i < n; i++) { ${body} } };`,
  ].join('\n');
  // A generated loop compiles to straight-line arithmetic per element, as the hand-written kernels do.
  const build = new Function('arrays', 'maps', 'functions', 'out', source) as (
    arrays: readonly Float64Array[],
    maps: readonly (Int32Array | null)[],
    functions: typeof SCALAR_FUNCTIONS,
    out: Float64Array,
  ) => () => void;
  const run = build(
    arrays.map((array) => array.data),
    maps,
    SCALAR_FUNCTIONS,
    out,
  );
  return { run, source: body };
}
