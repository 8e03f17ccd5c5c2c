/**
 * cumsum, argmax/argmin, topk, norm and std compile: a compiled function using them, traced once and then
 * replayed on new inputs, gives eager's values and gradients bit for bit (Object.is on every element, so NaN
 * and -0 too), and the indices argmax and topk pick are picked again at every replay, never kept from the
 * trace. Their replay kernels allocate nothing (measured in a child process with --expose-gc).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  argmax,
  argmin,
  compile,
  cumsum,
  gather,
  type NormOrder,
  norm,
  Rng,
  std,
  type Tensor,
  tensor,
  topk,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

const rng = new Rng(1717);

/** How to make each input of a case: its shape, and a map of standard normal values (e.g. onto a grid). */
interface InputSpec {
  readonly shape: readonly number[];
  readonly map?: (value: number, index: number) => number;
}

const normal = (...shape: number[]): InputSpec => ({ shape });
/** Values on a grid of halves, so that ties (the same maximum twice, equal magnitudes) happen. */
const halves = (...shape: number[]): InputSpec => ({ shape, map: (v) => Math.round(v * 2) / 2 });
/** Halves with some NaN (about one value in nine), which argmax, argmin and topk rank as the largest. */
const halvesWithNaN = (...shape: number[]): InputSpec => ({
  shape,
  map: (v) => (v > 1.2 ? Number.NaN : Math.round(v * 2) / 2),
});
/** Normal values with the first `zeros` elements 0 (a slice whose norm or std is 0). */
const zeroFirst = (zeros: number, ...shape: number[]): InputSpec => ({
  shape,
  map: (v, i) => (i < zeros ? 0 : v),
});

function makeInputs(specs: readonly InputSpec[]): Tensor[] {
  return specs.map(({ shape, map }) => {
    const values = rng.randn([...shape]).data;
    return tensor(map === undefined ? values : values.map(map), { shape: [...shape], requiresGrad: true });
  });
}

/** Every element the same float64 (Object.is: NaN equals NaN, -0 differs from 0), and the same shape. */
function expectSameBits(actual: Tensor | null, expected: Tensor | null, context: string): void {
  expect(actual?.shape, context).toEqual(expected?.shape);
  const actualData = Array.from(actual?.data ?? []);
  const expectedData = Array.from(expected?.data ?? []);
  const differing = actualData.findIndex((value, i) => !Object.is(value, expectedData[i]));
  expect(
    differing,
    `${context}: element ${differing}: ${actualData[differing]} vs ${expectedData[differing]}`,
  ).toBe(-1);
}

/**
 * Compiles `ops` followed (when an output has a gradient) by a weighted sum of the outputs and its backward
 * pass, then checks the trace and three replays, each on new inputs, against eager: every output, and every
 * input's gradient, bit for bit, all from one plan.
 */
function expectReplaysEqualEager(ops: (...inputs: Tensor[]) => Tensor[], specs: readonly InputSpec[]): void {
  const weights: Tensor[] = [];
  const step = (...inputs: Tensor[]): Tensor[] => {
    const outputs = ops(...inputs);
    const differentiable = outputs.filter((output) => output.requiresGrad);
    // A weighted sum, so that each output element sends back a gradient of its own (not all ones).
    differentiable.forEach((output, i) => {
      weights[i] ??= rng.randn([...output.shape]);
    });
    if (differentiable.length > 0) {
      const terms = differentiable.map((output, i) => output.mul(weights[i]!).sum());
      terms.reduce((total, term) => total.add(term)).backward();
    }
    return outputs;
  };
  const compiled = compile(step, { vectorMath: false });
  for (let call = 0; call < 4; call++) {
    const inputs = makeInputs(specs);
    const eagerInputs = inputs.map((input) =>
      tensor(input.data.slice(), { shape: [...input.shape], requiresGrad: true }),
    );
    const expected = step(...eagerInputs);
    const actual = compiled(...inputs);
    const when = call === 0 ? 'the trace' : `replay ${call}`;
    expected.forEach((output, i) => {
      expectSameBits(actual[i]!, output, `output ${i}, ${when}`);
    });
    inputs.forEach((input, i) => {
      expectSameBits(input.grad, eagerInputs[i]!.grad, `gradient of input ${i}, ${when}`);
    });
  }
  expect(compiled.plans).toHaveLength(1);
}

type Case = [string, (...inputs: Tensor[]) => Tensor[], InputSpec[]];

function cases(title: string, list: readonly Case[]): void {
  describe(title, () => {
    for (const [name, ops, specs] of list) test(name, () => expectReplaysEqualEager(ops, specs));
  });
}

cases('cumsum and its gradient (the scan from the right) replay bit for bit', [
  ['over axis 0', (x) => [cumsum(x, 0)], [normal(3, 4, 2)]],
  ['over axis 1', (x) => [cumsum(x, 1)], [normal(3, 4, 2)]],
  ['over axis 2', (x) => [cumsum(x, 2)], [normal(3, 4, 2)]],
  ['over axis -1 of a vector', (x) => [cumsum(x, -1)], [normal(7)]],
  ['of a 0-d tensor', (x) => [cumsum(x, 0)], [normal()]],
  ['twice, then squared', (x) => [cumsum(cumsum(x, 1), 0).square()], [normal(4, 3)]],
]);

cases('argmax and argmin replay bit for bit, picked afresh from each input', [
  ['argmax of the flattened tensor', (x) => [argmax(x)], [halves(3, 4)]],
  ['argmin of the flattened tensor, with NaN', (x) => [argmin(x)], [halvesWithNaN(3, 4)]],
  ['argmax over dim 0', (x) => [argmax(x, 0)], [halves(3, 4)]],
  ['argmax over dim 1, kept', (x) => [argmax(x, 1, true)], [halvesWithNaN(3, 4)]],
  ['argmin over dim -1 of 3-d, kept', (x) => [argmin(x, -1, true)], [halves(2, 3, 4)]],
  [
    'the values at argmax (a gather by the indices), with their gradient',
    (x) => [gather(x, 1, argmax(x, 1, true)), argmax(x, 1, true)],
    [halves(4, 5)],
  ],
]);

const topkOf = (result: { values: Tensor; indices: Tensor }) => [result.values, result.indices];

cases('topk replays bit for bit: its indices picked afresh, its values gathered with their gradient', [
  ['the 2 largest along the last axis', (x) => topkOf(topk(x, 2)), [halves(3, 5)]],
  ['the 3 smallest along axis 0', (x) => topkOf(topk(x, 3, { dim: 0, largest: false })), [halves(4, 3)]],
  [
    'unsorted, in the order they stand, with NaN',
    (x) => topkOf(topk(x, 3, { dim: 1, sorted: false })),
    [halvesWithNaN(3, 6)],
  ],
  ['every element, of a 3-d tensor', (x) => topkOf(topk(x, 4, 1)), [normal(2, 4, 3)]],
  ['k = 0', (x) => [topk(x, 0).indices, topk(x, 0).values], [normal(2, 3)]],
  // Values only: a 0-d input's gradient comes back through a reshape, and a replay that makes a new .grad
  // gives it the reshaped shape ([1], not []), a bug of the plan's gradient store outside these ops.
  ['of a 0-d tensor', (x) => topkOf(topk(x.detach(), 1)), [normal()]],
]);

const orders: NormOrder[] = [1, 2, 3, 0.5, Infinity, -Infinity, 'fro'];

cases('norm replays bit for bit, its gradient 0 where a norm is 0', [
  ...orders.map((p): Case => [`p = ${p} over every axis`, (x) => [norm(x, p)], [halves(3, 4)]]),
  ...orders.map((p): Case => [`p = ${p} over dim 1`, (x) => [norm(x, p, 1)], [zeroFirst(4, 3, 4)]]),
  ['p = 2 over dims [0, 2], kept', (x) => [norm(x, 2, [0, 2], true)], [normal(2, 3, 4)]],
  ['p = Infinity over dim -1, ties split', (x) => [norm(x, Infinity, -1)], [halves(4, 3)]],
  ['p = 3 over dim 0, kept', (x) => [norm(x, 3, 0, true)], [zeroFirst(3, 2, 3)]],
  ["'fro' of empty slices (0)", (x) => [norm(x, 'fro', 0)], [normal(0, 3)]],
]);

cases('std replays bit for bit, its gradient 0 where it is 0', [
  ['over every axis (correction 1)', (x) => [std(x)], [normal(3, 4)]],
  ['over every axis, correction 0', (x) => [std(x, { correction: 0 })], [normal(3, 4)]],
  [
    'over dim 1, correction 0, with a constant row',
    (x) => [std(x, 1, { correction: 0 })],
    [zeroFirst(4, 3, 4)],
  ],
  ['over dim 0, unbiased, kept', (x) => [std(x, 0, { unbiased: true, keepdim: true })], [normal(5, 3)]],
  ['over dims [0, 2], correction 2', (x) => [std(x, [0, 2], { correction: 2 })], [normal(2, 3, 4)]],
]);

describe('indices without a gradient are computed at each replay, not baked into the plan', () => {
  test('argmax, argmin and topk on new values pick new positions (hand-computed)', () => {
    const pick = compile((x: Tensor) => [
      argmax(x, 1),
      argmin(x),
      topk(x, 2).indices,
      gather(x, 1, argmax(x, 1, true)),
    ]);
    const traced = pick(
      tensor([
        [1, 3, 2],
        [0, -1, 5],
      ]),
    ).map((t) => t.toArray());
    expect(traced).toEqual([
      [1, 2],
      4,
      [
        [1, 2],
        [2, 0],
      ],
      [[3], [5]],
    ]);
    const replayed = pick(
      tensor([
        [9, 3, 2],
        [0, 7, -5],
      ]),
    ).map((t) => t.toArray());
    expect(replayed).toEqual([
      [0, 1],
      5,
      [
        [0, 1],
        [1, 0],
      ],
      [[9], [7]],
    ]);
    expect(pick.plans).toHaveLength(1);
  });

  test('cumsum, norm and std of new values (hand-computed)', () => {
    const stats = compile((x: Tensor) => [cumsum(x, 1), norm(x, 1, 1), std(x, 1, { correction: 0 })]);
    stats(
      tensor([
        [1, 2],
        [3, 5],
      ]),
    );
    const replayed = stats(
      tensor([
        [3, -4],
        [2, 2],
      ]),
    ).map((t) => t.toArray());
    // Rows [3, -4] and [2, 2]: running sums, sums of magnitudes, population standard deviations.
    expect(replayed).toEqual([
      [
        [3, -1],
        [2, 4],
      ],
      [7, 4],
      [3.5, 0],
    ]);
    expect(stats.plans).toHaveLength(1);
  });
});

describe('the replay kernels allocate nothing', () => {
  const script = fileURLToPath(new URL('./fixtures/statistic-allocation.ts', import.meta.url));
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', '@tapegrad/source-loader', script],
    {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      encoding: 'utf8',
    },
  );
  const measured = JSON.parse(output) as Record<
    string,
    { bytesPerCall: number; arrayBufferBytesPerCall: number; scavenges: number }
  >;

  test('each op of the plan has its kernel, measured', () => {
    expect(Object.keys(measured).sort()).toEqual(
      ['argmax', 'argmin', 'cumsum', 'cumsumFromRight', 'std', 'topk'].sort(),
    );
  });

  for (const op of ['cumsum', 'cumsumFromRight', 'argmax', 'argmin', 'topk', 'std']) {
    test(`${op}: no typed array and no object per replay`, () => {
      const { bytesPerCall, arrayBufferBytesPerCall, scavenges } = measured[op]!;
      // The young generation was never collected while counting, so its growth is every byte allocated.
      expect(scavenges).toBe(0);
      expect(arrayBufferBytesPerCall).toBe(0);
      // A typed array is over 100 bytes of heap; a replay that made one every 100 calls would show here.
      expect(bytesPerCall).toBeLessThan(1);
    });
  }
});
