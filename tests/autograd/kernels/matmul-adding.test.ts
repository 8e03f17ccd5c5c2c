/**
 * boundMatmul's `adding` mode (a compiled plan adds a weight's gradient into `.grad` with it): for every loop,
 * out + op(a) op(b) entry by entry, with the product rounded as `run` writes it, so that adding equals
 * writing C and then adding C to out, bit for bit. Shapes with edge tiles, a batch, each transposed layout.
 */
import { describe, expect, it } from 'vitest';
import {
  boundMatmul,
  type MatmulKernel,
  type MatmulOptions,
} from '../../../packages/autograd/src/kernels/matmul/matmul.ts';
import { xorshift32 } from '../../support/xorshift.ts';

const KERNELS: readonly MatmulKernel[] = ['auto', 'dot-products', 'tiles', 'tiles-simd'];
const SHAPES: readonly { a: number[]; b: number[]; batch: number[]; layout: MatmulOptions }[] = [
  { a: [7, 5], b: [5, 6], batch: [], layout: {} },
  { a: [5, 7], b: [5, 9], batch: [], layout: { transposeA: true } },
  { a: [9, 6], b: [3, 6], batch: [], layout: { transposeB: true } },
  { a: [2, 4, 3], b: [2, 3, 5], batch: [2], layout: {} },
  { a: [13, 11], b: [11, 1], batch: [], layout: {} },
];

function randomArray(length: number, next: () => number): Float64Array {
  return Float64Array.from({ length }, () => (next() - 0.5) * 2 ** Math.round(8 * (next() - 0.5)));
}

describe.each(KERNELS)('boundMatmul with adding, %s loop', (kernel) => {
  it.each(SHAPES)('adds op(a) op(b) of $a and $b into out as out + c', ({ a, b, batch, layout }) => {
    const next = xorshift32(17);
    const product = boundMatmul(a, b, batch, { ...layout, kernel });
    const aData = randomArray(
      a.reduce((x, y) => x * y, 1),
      next,
    );
    const bData = randomArray(
      b.reduce((x, y) => x * y, 1),
      next,
    );
    const c = new Float64Array(product.outputLength);
    product.run(aData, bData, c);
    const start = randomArray(product.outputLength, next);
    const added = start.slice();
    product.run(aData, bData, added, true);
    expect(Array.from(added)).toEqual(Array.from(start, (value, i) => value + c[i]!));
    // And `adding` left out, or false, still writes over out.
    product.run(aData, bData, added, false);
    expect(Array.from(added)).toEqual(Array.from(c));
  });
});
