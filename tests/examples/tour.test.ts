import { describe, expect, test } from 'vitest';
import { runTour } from '../../packages/examples/src/tour-steps.ts';
import { expectClose } from '../support/assertions.ts';

/** Everything the tour writes, split into lines (a gradcheck report is one write of several lines). */
function tourLines(): string[] {
  const writes: string[] = [];
  runTour((text) => {
    writes.push(text);
  });
  return writes.join('\n').split('\n');
}

/** The number printed after `label` on its line, e.g. numberAfter(lines, 'g = '). */
function numberAfter(lines: readonly string[], label: string): number {
  const line = lines.find((l) => l.startsWith(label));
  if (line === undefined) throw new Error(`no line starting with '${label}'`);
  return Number(line.slice(label.length));
}

describe('the tour (pnpm start)', () => {
  const lines = tourLines();
  const text = lines.join('\n');

  test('prints its six headings in order', () => {
    const headings = lines.filter((line) => line.startsWith('== '));
    expect(headings).toHaveLength(6);
    headings.forEach((heading, i) => {
      expect(heading.startsWith(`== ${i + 1}. `)).toBe(true);
    });
  });

  test('the neuron: o = tanh(asinh(1)) = 1/sqrt(2), loss = (1/sqrt(2) - 1)^2 = 1.5 - sqrt(2) = 0.0858', () => {
    expect(text).toContain('o = tensor(0.7071, shape=[], gradFn=tanh)');
    expect(text).toContain('loss = tensor(0.0858, shape=[], gradFn=square)');
  });

  test('the neuron gradients: dloss/db = 2(o - 1)(1 - o^2) = 1/sqrt(2) - 1, dloss/dw = x * dloss/db', () => {
    // 1/sqrt(2) - 1 = -0.29289...; dloss/dw = [2, 0] * -0.29289 = [-0.58579, 0].
    expect(text).toContain('b.grad = tensor(-0.2929, shape=[])');
    expect(text).toContain('w.grad = tensor([-0.5858,  0.0000], shape=[2])');
    const byHand = numberAfter(lines, '  chain rule: ');
    const autograd = numberAfter(lines, '  autograd:   ');
    const exact = Math.SQRT1_2 - 1;
    expectClose(byHand, exact, { atol: 1e-12, rtol: 0 });
    expectClose(autograd, exact, { atol: 1e-12, rtol: 0 });
  });

  test("micrograd's README expression: g = 24.5 + 10/49, and its published gradients", () => {
    // By hand: c = -1, d = 6, e = -7, f = 49, g = 49/2 + 10/49 = 24.70408163265306.
    expect(text).toContain('g = 24.70408163265306');
    // micrograd's README prints 138.8338 and 645.5773 (4 decimals).
    expectClose(numberAfter(lines, 'dg/da = '), 138.8338, { atol: 5e-5, rtol: 0 });
    expectClose(numberAfter(lines, 'dg/db = '), 645.5773, { atol: 5e-5, rtol: 0 });
  });

  test('the second derivative of x^3 at 3: 3 * 3^2 = 27 and 6 * 3 = 18', () => {
    expect(numberAfter(lines, 'grad(f)(3) = ')).toBe(27);
    expect(numberAfter(lines, 'grad(grad(f))(3) = ')).toBe(18);
  });

  test('the gradcheck reports pass for every input (tanh: 1 input, matmul: 2)', () => {
    const rows = lines.filter((line) => line.startsWith('  input '));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toContain(': pass,');
    expect(text).not.toContain('FAIL');
  });

  test('the whole DOT text is printed, as many lines as the tour says, from digraph to the closing brace', () => {
    const header = lines.findIndex((line) =>
      line.startsWith('toDot(loss, { values: true, grads: true }) is '),
    );
    const stated = Number(/(\d+) lines:$/.exec(lines[header]!)![1]);
    const paste = lines.findIndex((line) => line.startsWith('(paste the text above'));
    const printed = lines.slice(header + 1, paste);
    expect(printed).toHaveLength(stated);
    expect(printed[0]).toBe('digraph "tapegrad" {');
    expect(printed.at(-1)).toBe('}');
  });

  test('the DOT snippet starts the digraph and shows the parameters with their gradients', () => {
    expect(text).toContain('digraph "tapegrad" {');
    // w's gradient [-0.5858, 0] and b's -0.2929, to 4 significant digits.
    expect(text).toContain('label="parameter [2]\\ndata [-3, 1]\\ngrad [-0.5858, 0]"');
    expect(text).toContain('label="parameter []\\ndata 6.881\\ngrad -0.2929"');
  });
});
