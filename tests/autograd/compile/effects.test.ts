/**
 * traceEffect: code outside the tape inside a compiled function (an optimizer's update, gradients zeroed) is
 * a step of the plan, run again in its place at every replay: in-place writes, value reads and version bumps
 * are allowed there and redone each call; parameters it changes before later kernels are read afresh by
 * them (staged into the arena again); outside a trace it only runs.
 */
import {
  bumpVersion,
  CompileError,
  compile,
  matmul,
  Rng,
  sum,
  type Tensor,
  tanh,
  tensor,
  traceEffect,
} from '@tapegrad/autograd';
import { expect, test } from 'vitest';
import { ARENA_MIN_WORK } from '../../../packages/autograd/src/compile/arena.ts';

const rng = new Rng(11);
const bits = (t: Tensor | null) => Array.from(t!.data);

test('an effect runs once per call, in its place among the kernels, and may write in place and read values', () => {
  const w = tensor([1, 2, 3], { requiresGrad: true });
  const seen: number[] = [];
  const record = () => seen.push(w.grad!.data[0]!);
  const update = () => {
    for (let i = 0; i < 3; i++) w.data[i] = w.data[i]! - 0.5 * w.grad!.data[i]!;
    bumpVersion(w);
    w.grad!.data.fill(0);
  };
  const step = compile((x: Tensor) => {
    const loss = sum(x.mul(w).square());
    loss.backward();
    traceEffect('record', record);
    traceEffect('update', update);
    return loss;
  });
  const x = tensor([1, -1, 2]);
  const eager = tensor([1, 2, 3], { requiresGrad: true });
  for (let call = 0; call < 4; call++) {
    step(x);
    const loss = sum(x.mul(eager).square());
    loss.backward();
    for (let i = 0; i < 3; i++) eager.data[i] = eager.data[i]! - 0.5 * eager.grad!.data[i]!;
    eager.grad!.data.fill(0);
    expect(bits(w)).toEqual(bits(eager));
  }
  // The gradient the record effect read each call: 2 x0 (x0 w0), with w0 after each update.
  expect(seen).toHaveLength(4);
  expect(seen[0]).toBe(2);
  expect(step.explain(x)).toMatch(
    /k\d+ record: runs in place \[effect\]\n {2}k\d+ update: runs in place \[effect\]/,
  );
});

test('a parameter an effect changes is read afresh by the kernels after it (staged again in the arena)', () => {
  const W = rng.randn([3, 4]);
  const big = rng.randn([ARENA_MIN_WORK]);
  const double = () => {
    for (let i = 0; i < W.numel(); i++) W.data[i] = W.data[i]! * 2;
  };
  const f = compile((x: Tensor, b: Tensor) => {
    const before = matmul(x, W);
    traceEffect('double W', double);
    return [before, matmul(x, W), tanh(b)];
  });
  const x = rng.randn([5, 3]);
  f(x, big);
  expect(f.explain(x, big)).toMatch(/staged into the arena at each call/);
  for (let call = 0; call < 3; call++) {
    const expectedBefore = bits(matmul(x, W));
    const [before, after] = f(x, big);
    expect(bits(before!)).toEqual(expectedBefore);
    expect(bits(after!)).toEqual(bits(matmul(x, W)));
  }
});

test('in-place writes and version bumps outside an effect are still refused', () => {
  const w = tensor([1, 2]);
  expect(() =>
    compile((x: Tensor) => {
      bumpVersion(w);
      return x.mul(w);
    })(tensor([3, 4])),
  ).toThrow(CompileError);
});

test('outside a trace traceEffect only runs its function, and it checks its arguments', () => {
  let runs = 0;
  traceEffect('count', () => {
    runs++;
  });
  expect(runs).toBe(1);
  expect(() => traceEffect(3 as unknown as string, () => {})).toThrow(/traceEffect.*name/);
  expect(() => traceEffect('x', null as unknown as () => void)).toThrow(/traceEffect.*run/);
});
