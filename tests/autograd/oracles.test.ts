/**
 * Published numbers that any correct reverse-mode engine must reproduce: the two expressions from
 * karpathy/micrograd (README and test_engine.py) and the broadcasting example of a column plus a row.
 */
import { add, div, grad, mul, type Tensor, tensor } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectClose } from '../support/assertions.ts';

/** micrograd's README expression, written with tapegrad's ops line for line. */
function microgradReadme(a: Tensor, b: Tensor): Tensor {
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c.add(1));
  c = c.add(add(1, c).sub(a));
  d = d.add(d.mul(2).add(b.add(a).relu()));
  d = d.add(mul(3, d).add(b.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  return f.div(2).add(div(10, f));
}

// The values micrograd's README prints to 4 digits, as PyTorch computes them in float64.
const README_G = 24.70408163265306;
const README_DG_DA = 138.83381924198252;
const README_DG_DB = 645.5772594752186;

describe("micrograd's README expression (a = -4, b = 2)", () => {
  test('forward gives g = 24.70408163265306 and backward dg/da = 138.8338..., dg/db = 645.5772...', () => {
    const a = tensor(-4, { requiresGrad: true });
    const b = tensor(2, { requiresGrad: true });
    const g = microgradReadme(a, b);
    // By hand: c = -2, d = 0; c = -3; c = -1; d = 0 (relu(-2) = 0); d = 6 (relu(6)); e = -7, f = 49,
    // g = 49/2 + 10/49.
    expect(g.item()).toBeCloseTo(49 / 2 + 10 / 49, 14);
    expectClose(g.item(), README_G, { atol: 0, rtol: 1e-12 });
    g.backward();
    expectClose(a.grad!.item(), README_DG_DA, { atol: 0, rtol: 1e-12 });
    expectClose(b.grad!.item(), README_DG_DB, { atol: 0, rtol: 1e-12 });
  });

  test('grad(f, [0, 1]) gives the same gradients without touching .grad', () => {
    const a = tensor(-4);
    const b = tensor(2);
    const [dgDa, dgDb] = grad(microgradReadme, [0, 1])(a, b);
    expectClose(dgDa!.item(), README_DG_DA, { atol: 0, rtol: 1e-12 });
    expectClose(dgDb!.item(), README_DG_DB, { atol: 0, rtol: 1e-12 });
    expect(a.grad).toBeNull();
  });
});

describe("micrograd's sanity check (x = -4)", () => {
  test('y = -20 and dy/dx = 46', () => {
    const x = tensor(-4, { requiresGrad: true });
    const z = x.mul(2).add(2).add(x);
    const q = z.relu().add(z.mul(x));
    const h = z.mul(z).relu();
    const y = h.add(q).add(q.mul(x));
    // z = -10, q = 0 + 40, h = 100, y = 100 + 40 - 160. Where z < 0: z = 3x + 2, q = z x,
    // y = z^2 + z x + z x^2, so dy/dx = 2z*3 + (3x + z) + (3x^2 + 2xz) = -60 + (-22) + (48 + 80) = 46.
    expect(y.item()).toEqual(-20);
    y.backward();
    expect(x.grad!.item()).toEqual(46);
  });
});

describe('broadcasting a column against a row', () => {
  test('sum([[1],[2],[3]] + [[10,20,30,40]]) sends 4 to each row entry and 3 to each column entry', () => {
    const column = tensor([[1], [2], [3]], { requiresGrad: true });
    const row = tensor([[10, 20, 30, 40]], { requiresGrad: true });
    const total = column.add(row).sum();
    // Each of the 3 column values meets 4 row values and vice versa: 4 * (1+2+3) + 3 * (10+20+30+40) = 324.
    expect(total.item()).toEqual(324);
    total.backward();
    expect(column.grad!.toArray()).toEqual([[4], [4], [4]]);
    expect(row.grad!.toArray()).toEqual([[3, 3, 3, 3]]);
    expect(column.grad!.shape).toEqual([3, 1]);
    expect(row.grad!.shape).toEqual([1, 4]);
  });
});
