/**
 * Which ops compile: each op a compiled function may run, its forward and its backward rule, replayed on new
 * inputs gives the eager values and gradients bit for bit (vectorMath off: the plan's own kernels, which
 * repeat eager's float operations in eager's order). Ops still without a replay kernel are refused naming it.
 */
import {
  abs,
  addmm,
  clamp,
  compile,
  concat,
  eq,
  gather,
  ge,
  gt,
  indexSelect,
  le,
  leakyRelu,
  logSoftmax,
  logsumexp,
  lt,
  max,
  maximum,
  min,
  minimum,
  permute,
  pow,
  Rng,
  sign,
  slice,
  softmax,
  stack,
  type Tensor,
  tensor,
  transpose,
  where,
} from '@tapegrad/autograd';
import { binaryCrossEntropy, compileStep, crossEntropy, mse, nllLoss, SGD } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';

const rng = new Rng(17);
const bits = (t: Tensor | null) => Array.from(t!.data);

/** How to make each input of a case: its shape, and a map of standard normal values (e.g. to positives). */
interface InputSpec {
  readonly shape: readonly number[];
  readonly map?: (value: number) => number;
}

const normal = (...shape: number[]): InputSpec => ({ shape });
const positive = (...shape: number[]): InputSpec => ({ shape, map: (v) => Math.abs(v) + 0.25 });
/** Values on a grid of halves, so that ties (maximum, eq, clamp at a bound) happen. */
const halves = (...shape: number[]): InputSpec => ({ shape, map: (v) => Math.round(v * 2) / 2 });

function makeInputs(specs: readonly InputSpec[]): Tensor[] {
  return specs.map(({ shape, map }) => {
    const values = rng.randn([...shape]);
    return tensor(map === undefined ? values.data : values.data.map(map), {
      shape: [...shape],
      requiresGrad: true,
    });
  });
}

/**
 * Compiles `op` followed by a weighted sum and its backward pass, and checks the trace and two replays on
 * new inputs against eager: the op's output and every input's gradient, bit for bit.
 */
function expectCompiledEqualsEager(op: (...inputs: Tensor[]) => Tensor, specs: readonly InputSpec[]): void {
  let weights: Tensor | null = null;
  const step = (...inputs: Tensor[]) => {
    const out = op(...inputs);
    // A weighted sum, so each output element sends back its own gradient (not all ones).
    weights ??= rng.randn([...out.shape]);
    out.mul(weights).sum().backward();
    return out;
  };
  const compiled = compile(step, { vectorMath: false });
  for (let call = 0; call < 3; call++) {
    const inputs = makeInputs(specs);
    const eagerInputs = inputs.map((input) =>
      tensor(input.data.slice(), { shape: [...input.shape], requiresGrad: true }),
    );
    const expected = step(...eagerInputs);
    const actual = compiled(...inputs);
    expect(bits(actual)).toEqual(bits(expected));
    inputs.forEach((input, i) => {
      expect(bits(input.grad), `gradient of input ${i}, call ${call}`).toEqual(bits(eagerInputs[i]!.grad));
    });
  }
  expect(compiled.plans).toHaveLength(1);
}

describe('elementwise ops and their backward rules compile bit for bit', () => {
  const cases: [string, (...inputs: Tensor[]) => Tensor, InputSpec[]][] = [
    ['pow with a number exponent', (x) => pow(x, 3), [normal(3, 4)]],
    ['pow with a tensor exponent', (x, e) => pow(x, e), [positive(3, 4), normal(4)]],
    ['leakyRelu', (x) => leakyRelu(x, 0.1), [halves(3, 4)]],
    ['leakyRelu with a negative slope', (x) => leakyRelu(x, -0.3), [normal(5)]],
    ['maximum (ties split)', (a, b) => maximum(a, b), [halves(3, 4), halves(3, 4)]],
    ['minimum, broadcast', (a, b) => minimum(a, b), [halves(3, 4), halves(4)]],
    ['clamp to [min, max]', (x) => clamp(x, -0.5, 0.5), [halves(3, 4)]],
    ['clamp by tensor bounds', (x, low) => clamp(x, low, null), [halves(3, 4), halves(3, 1)]],
    ['abs and sign', (x) => abs(x).add(sign(x)), [halves(3, 4)]],
    ['sin and cos', (x) => x.sin().mul(x.cos()), [normal(3, 4)]],
    ['where with a comparison', (a, b) => where(gt(a, b), a.mul(2), b), [halves(3, 4), halves(4)]],
    [
      'the comparisons as 0/1 factors',
      (a, b) =>
        a
          .mul(gt(a, b))
          .add(b.mul(ge(a, b)))
          .add(a.mul(lt(a, 0)))
          .add(b.mul(le(b, 0.5)))
          .add(a.mul(eq(a, b))),
      [halves(3, 4), halves(3, 4)],
    ],
  ];
  for (const [name, op, specs] of cases) {
    test(name, () => expectCompiledEqualsEager(op, specs));
  }
});

describe('reductions, softmax and ops that move values compile bit for bit', () => {
  const cases: [string, (...inputs: Tensor[]) => Tensor, InputSpec[]][] = [
    ['max over an axis (ties split)', (x) => max(x, 1), [halves(3, 4)]],
    ['min over all, kept', (x) => min(x, undefined, true), [halves(3, 4)]],
    ['logsumexp over an axis', (x) => logsumexp(x, 0), [normal(3, 4)]],
    ['softmax', (x) => softmax(x, -1), [normal(3, 4)]],
    ['logSoftmax over axis 0', (x) => logSoftmax(x, 0), [normal(3, 4)]],
    ['permute', (x) => permute(x, [2, 0, 1]), [normal(2, 3, 4)]],
    ['transpose, then a product', (a, b) => transpose(a).matmul(b), [normal(3, 4), normal(3, 2)]],
    ['slice with steps', (x) => slice(x, [{ start: 1 }, { stop: -1, step: 2 }]), [normal(3, 5)]],
    ['concat', (a, b) => concat([a, b], 1), [normal(2, 3), normal(2, 2)]],
    ['stack', (a, b) => stack([a, b.exp()], 0), [normal(2, 3), normal(2, 3)]],
    ['gather by a constant index tensor', (x) => gather(x, 1, tensor([[2], [0], [3]])), [normal(3, 4)]],
    ['gather by an index array, 1-D', (x) => gather(x, 0, [3, 0, 0]), [normal(4)]],
    ['indexSelect with repeats', (x) => indexSelect(x, 0, [2, 0, 2]), [normal(3, 4)]],
  ];
  for (const [name, op, specs] of cases) {
    test(name, () => expectCompiledEqualsEager(op, specs));
  }

  test('logSoftmax of a row of -Infinity stays -Infinity on replay (the shift is 0 there, not NaN)', () => {
    const compiled = compile((x: Tensor) => logSoftmax(x, 1));
    compiled(tensor([[1, 2]]));
    expect(bits(compiled(tensor([[-Infinity, -Infinity]])))).toEqual(
      bits(logSoftmax(tensor([[-Infinity, -Infinity]]), 1)),
    );
    expect(bits(compiled(tensor([[-Infinity, 0]])))).toEqual([-Infinity, 0]);
  });
});

describe('an index passed to the compiled function is read at every replay', () => {
  test('gather by an index input: each call picks by its own index, gradients too', () => {
    const step = (x: Tensor, index: Tensor) => {
      const picked = gather(x, 1, index);
      picked.square().sum().backward();
      return picked;
    };
    const compiled = compile(step, { vectorMath: false });
    for (const labels of [
      [[0], [1], [3]],
      [[3], [3], [0]],
      [[1], [2], [2]],
    ]) {
      const [x] = makeInputs([normal(3, 4)]);
      const eagerX = tensor(x!.data.slice(), { shape: [3, 4], requiresGrad: true });
      const expected = step(eagerX, tensor(labels));
      expect(bits(compiled(x!, tensor(labels)))).toEqual(bits(expected));
      expect(bits(x!.grad)).toEqual(bits(eagerX.grad));
    }
  });

  test('indexSelect by an index input; an index out of range at a replay is refused naming the op', () => {
    const compiled = compile((x: Tensor, indices: Tensor) => indexSelect(x, 1, indices).mul(2));
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(bits(compiled(x, tensor([2, 0])))).toEqual([6, 2, 12, 8]);
    expect(bits(compiled(x, tensor([1, 1])))).toEqual([4, 4, 10, 10]);
    expect(() => compiled(x, tensor([3, 0]))).toThrow(/indexSelect: index 3 at position 0 is out of range/);
  });
});

describe("nn's losses compile bit for bit, their labels read at every call", () => {
  /** Labels for `rows` rows of `classes` classes, as a [rows] tensor. */
  const labelsOf = (rows: number, classes: number) =>
    tensor(Array.from({ length: rows }, () => rng.integer(classes)));

  test('crossEntropy with class labels passed in (W3): each call its own labels', () => {
    const step = (logits: Tensor, labels: Tensor) => {
      const loss = crossEntropy(logits, labels);
      loss.backward();
      return loss;
    };
    const compiled = compile(step, { vectorMath: false });
    for (let call = 0; call < 4; call++) {
      const [logits] = makeInputs([normal(6, 4)]);
      const eagerLogits = tensor(logits!.data.slice(), { shape: [6, 4], requiresGrad: true });
      const labels = labelsOf(6, 4);
      expect(compiled(logits!, labels).item()).toBe(step(eagerLogits, labels).item());
      expect(bits(logits!.grad)).toEqual(bits(eagerLogits.grad));
    }
    expect(compiled.plans).toHaveLength(1);
    const [logits] = makeInputs([normal(6, 4)]);
    expect(() => compiled(logits!, tensor([0, 1, 2, 3, 4, 0]))).toThrow(
      /crossEntropy: label 4 at row 4 of targets is not a class index in 0\.\.3/,
    );
  });

  const cases: [string, (...inputs: Tensor[]) => Tensor, InputSpec[]][] = [
    ['crossEntropy with labels as an array', (z) => crossEntropy(z, [2, 0, 1]), [normal(3, 4)]],
    [
      'crossEntropy with soft targets',
      (z, t) => crossEntropy(z, t.softmax(-1), { reduction: 'sum' }),
      [normal(3, 4), normal(3, 4)],
    ],
    ['nllLoss of logSoftmax', (z) => nllLoss(z.logSoftmax(-1), tensor([3, 3, 0])), [normal(3, 4)]],
    [
      'binaryCrossEntropy of sigmoid',
      (z, y) => binaryCrossEntropy(z.sigmoid(), y.sigmoid(), { reduction: 'none' }),
      [normal(3, 2), normal(3, 2)],
    ],
    ['mse', (p, y) => mse(p, y), [normal(4, 3), normal(4, 3)]],
  ];
  for (const [name, op, specs] of cases) {
    test(name, () => expectCompiledEqualsEager(op, specs));
  }

  test('nllLoss with labels passed in', () => {
    const step = (logProbs: Tensor, labels: Tensor) => nllLoss(logProbs, labels).mul(1);
    const compiled = compile(step);
    const logProbs = tensor([
      [-1, -2],
      [-3, -4],
    ]);
    expect(compiled(logProbs, tensor([0, 1])).item()).toBe(2.5);
    expect(compiled(logProbs, tensor([1, 0])).item()).toBe(2.5);
    expect(compiled(logProbs, tensor([1, 1])).item()).toBe(3);
  });
});

describe('W3 in small: a 20-8-4 relu MLP with crossEntropy on labels, batch 16, SGD', () => {
  test('50 compiled steps on changing batches equal 50 eager steps bit for bit', () => {
    const sizes = { inputs: 20, hidden: 8, classes: 4, batch: 16 };
    const init = new Rng(31);
    const initial = [
      init.randn([sizes.inputs, sizes.hidden]).mul(0.2),
      init.randn([sizes.hidden]).mul(0.1),
      init.randn([sizes.hidden, sizes.classes]).mul(0.2),
      init.randn([sizes.classes]).mul(0.1),
    ];
    const parameters = () =>
      initial.map((p) => tensor(p.data.slice(), { shape: [...p.shape], requiresGrad: true }));
    const lossOf =
      ([W1, b1, W2, b2]: Tensor[]) =>
      (x: Tensor, labels: Tensor) =>
        crossEntropy(addmm(b2!, addmm(b1!, x, W1!).relu(), W2!), labels);
    const eager = parameters();
    const traced = parameters();
    const eagerOptimizer = new SGD(eager, { lr: 0.1 });
    const eagerLoss = lossOf(eager);
    const step = compileStep(traced, lossOf(traced), new SGD(traced, { lr: 0.1 }), { vectorMath: false });
    const data = new Rng(32);
    for (let i = 0; i < 50; i++) {
      const x = data.randn([sizes.batch, sizes.inputs]);
      // [N, 1] labels, as W3 passes them.
      const labels = tensor(Array.from({ length: sizes.batch }, () => [data.integer(sizes.classes)]));
      eagerOptimizer.zeroGrad();
      const loss = eagerLoss(x, labels);
      loss.backward();
      eagerOptimizer.step();
      expect(step(x, labels).item()).toBe(loss.item());
    }
    traced.forEach((parameter, i) => {
      expect(bits(parameter)).toEqual(bits(eager[i]!));
    });
  });
});

describe('ops without a replay kernel are refused naming the op', () => {
  test('an index by a mask (its shape depends on the values) and maskedSelect', () => {
    expect(() => compile((x: Tensor) => x.index(x.gt(0)))(tensor([1, -2, 3]))).toThrow(
      /'index' cannot be captured/,
    );
    expect(() => compile((x: Tensor) => x.maskedSelect(x.gt(0)))(tensor([1, -2, 3]))).toThrow(
      /'maskedSelect' cannot be captured/,
    );
  });

  test('in-place writes (add_, clamp_, zero_) and an optimizer step inside the compiled function', () => {
    const inPlace = /writes into a tensor in place, which a replay would not redo/;
    expect(() => compile((x: Tensor) => x.mul(2).add_(1))(tensor([1, 2]))).toThrow(/'add_' writes/);
    expect(() => compile((x: Tensor) => x.mul(2).clamp_(0, 1))(tensor([1, 2]))).toThrow(inPlace);
    expect(() => compile((x: Tensor) => x.mul(2).zero_())(tensor([1, 2]))).toThrow(/'zero_' writes/);
    const w = tensor([1, 2], { requiresGrad: true });
    const optimizer = new SGD([w], { lr: 0.1 });
    const step = compile((x: Tensor) => {
      const loss = x.mul(w).sum();
      loss.backward();
      optimizer.step();
      return loss;
    });
    expect(() => step(tensor([1, 1]))).toThrow(/'bumpVersion' writes into a tensor in place.*compileStep/);
  });
});
