/**
 * Issue 16's fifteen PyTorch programs, written with tapegrad the way a PyTorch user writes them (PyTorch's
 * names first), compared number for number with what PyTorch 1.13 computed in float64
 * (tests/fixtures/torch-api/make-programs.py writes programs.json). Inputs are fixed formulas, so both sides
 * start equal; a long training loop is compared at rtol 1e-10 (last-bit differences in pow and sums grow a
 * little over the steps), a single pass at 1e-12.
 */
import { readFileSync } from 'node:fs';
import {
  arange,
  autograd,
  CustomFunction,
  cat,
  type FunctionCtx,
  GradientError,
  linspace,
  manualSeed,
  noGrad,
  type Tensor,
  tensor,
  where,
  zeros,
} from '@tapegrad/autograd';
import {
  Adam,
  CrossEntropyLoss,
  clipGradNorm_,
  clipGradValue_,
  DataLoader,
  Dropout,
  Linear,
  Module,
  MSELoss,
  mse,
  ReLU,
  Sequential,
  SGD,
  StepLR,
  Tanh,
  TensorDataset,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectClose } from '../support/assertions.ts';

type Nested = number | Nested[];
type StateJson = Record<string, Nested>;
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/torch-api/programs.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, unknown>>;
const torch = <T>(program: string, key: string) => fixture[program]![key] as T;

/** A PyTorch state dict of nested lists as tensors, for `loadStateDict(state, { layout: 'torch' })`. */
function tensors(state: StateJson): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(state).map(([name, values]) => [name, tensor(values)]));
}

function expectState(model: Module, expected: StateJson, rtol: number): void {
  const state = model.stateDict({ layout: 'torch' });
  expect(Object.keys(state).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, values] of Object.entries(expected)) {
    expectAllClose(state[name]!, values as number[], { rtol, atol: 1e-14 });
  }
}

/** The 8 x 3 regression rows every training program shares (PyTorch's script makes them once). */
function regressionData(): { X: Tensor; y: Tensor } {
  return {
    X: tensor(torch<Nested>('sequentialMseSgd', 'X')),
    y: tensor(torch<Nested>('sequentialMseSgd', 'y')),
  };
}

describe('fifteen PyTorch programs, ported with PyTorch names, match PyTorch 1.13 in float64', () => {
  test('1. creation and slicing: zeros(2, 3), arange().reshape, x[1], x[-1], select, narrow, T, view, numel, size, dim', () => {
    const x = arange(12).reshape(3, 4);
    expect(zeros(2, 3).tolist()).toEqual(torch('creationAndSlicing', 'zeros'));
    expect(x.tolist()).toEqual(torch('creationAndSlicing', 'x'));
    expect(x.index(1).tolist()).toEqual(torch('creationAndSlicing', 'row1'));
    expect(x.at(-1).tolist()).toEqual(torch('creationAndSlicing', 'lastRow'));
    expect(x.select(1, 2).tolist()).toEqual(torch('creationAndSlicing', 'select'));
    expect(x.narrow(1, 1, 2).tolist()).toEqual(torch('creationAndSlicing', 'narrow'));
    expect(x.T.tolist()).toEqual(torch('creationAndSlicing', 'T'));
    expect(x.view(2, 6).tolist()).toEqual(torch('creationAndSlicing', 'view'));
    expect(x.numel()).toBe(torch('creationAndSlicing', 'numel'));
    expect(x.size()).toEqual(torch('creationAndSlicing', 'size'));
    expect(x.size(1)).toBe(torch('creationAndSlicing', 'size1'));
    expect(x.dim()).toBe(torch('creationAndSlicing', 'dim'));
  });

  test('2. the polynomial fit: manual updates of four scalars under noGrad with sub_ and grad.zero_()', () => {
    const x = linspace(-Math.PI, Math.PI, 50);
    expectAllClose(x.tolist(), torch('polynomialFit', 'x'), { rtol: 1e-15, atol: 1e-15 });
    const y = x.sin();
    const [a, b, c, d] = torch<number[]>('polynomialFit', 'start').map((v) =>
      tensor(v, { requiresGrad: true }),
    ) as [Tensor, Tensor, Tensor, Tensor];
    const lr = torch<number>('polynomialFit', 'lr');
    const losses: number[] = [];
    for (let step = 0; step < torch<number>('polynomialFit', 'steps'); step++) {
      const prediction = a
        .add(b.mul(x))
        .add(c.mul(x.pow(2)))
        .add(d.mul(x.pow(3)));
      const loss = prediction.sub(y).pow(2).sum();
      losses.push(loss.item());
      loss.backward();
      noGrad(() => {
        for (const p of [a, b, c, d]) {
          p.sub_(p.grad!.mul(lr));
          p.grad!.zero_();
        }
      });
    }
    expectAllClose(losses, torch('polynomialFit', 'losses'), { rtol: 1e-10, atol: 0 });
    expectAllClose(
      [a, b, c, d].map((p) => p.item()),
      torch('polynomialFit', 'coefficients'),
      { rtol: 1e-10, atol: 0 },
    );
  });

  test("3. Sequential with MSELoss and SGD with momentum, PyTorch's weights loaded with { layout: 'torch' }", () => {
    const { X, y } = regressionData();
    const model = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1));
    model.loadStateDict(tensors(torch('sequentialMseSgd', 'start')), { layout: 'torch' });
    const criterion = new MSELoss();
    const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const losses: number[] = [];
    for (let step = 0; step < 20; step++) {
      optimizer.zeroGrad();
      const loss = criterion.forward(model.forward(X), y);
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    expectAllClose(losses, torch('sequentialMseSgd', 'losses'), { rtol: 1e-12, atol: 0 });
    expectState(model, torch('sequentialMseSgd', 'final'), 1e-12);
  });

  test('4. a Module of your own (hidden, out; relu) trained with Adam: its names load as PyTorch has them', () => {
    class TwoLayer extends Module {
      hidden = new Linear(3, 5);
      out = new Linear(5, 1);
      forward(x: Tensor): Tensor {
        return this.out.forward(this.hidden.forward(x).relu());
      }
    }
    const { X, y } = regressionData();
    const model = new TwoLayer();
    model.loadStateDict(tensors(torch('customModuleAdam', 'start')), { layout: 'torch' });
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    const losses: number[] = [];
    for (let step = 0; step < 15; step++) {
      optimizer.zeroGrad();
      const loss = mse(model.forward(X), y);
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    expectAllClose(losses, torch('customModuleAdam', 'losses'), { rtol: 1e-12, atol: 0 });
    expectState(model, torch('customModuleAdam', 'final'), 1e-12);
  });

  test('5. a custom autograd Function (Cube) with ctx.saveForBackward', () => {
    class Cube extends autograd.Function {
      static forward(ctx: FunctionCtx, x: Tensor): Tensor {
        ctx.saveForBackward(x);
        return x.pow(3);
      }
      static backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        const [x] = ctx.savedTensors;
        return gradOutput.mul(3).mul(x!.pow(2));
      }
    }
    expect(Cube.prototype).toBeInstanceOf(CustomFunction);
    const x = tensor(torch<number[]>('customFunction', 'x'), { requiresGrad: true });
    const y = Cube.apply(x);
    y.mul(tensor([1, 2, 3]))
      .sum()
      .backward();
    expect(y.tolist()).toEqual(torch('customFunction', 'y'));
    expect(x.grad!.tolist()).toEqual(torch('customFunction', 'grad'));
  });

  test('6. second derivatives and a Hessian-vector product with autograd.grad({ createGraph })', () => {
    const x = tensor(torch<number[]>('secondDerivatives', 'x'), { requiresGrad: true });
    const f = x.pow(3).mul(x.sin()).sum();
    expectClose(f.item(), torch('secondDerivatives', 'f'), { rtol: 1e-14, atol: 0 });
    const [g] = autograd.grad(f, x, { createGraph: true });
    expectAllClose(g!.tolist(), torch('secondDerivatives', 'grad'), { rtol: 1e-13, atol: 1e-15 });
    const v = tensor(torch<number[]>('secondDerivatives', 'v'));
    const [hvp] = autograd.grad(g!, x, { gradOutputs: v });
    expectAllClose(hvp!.tolist(), torch('secondDerivatives', 'hvp'), { rtol: 1e-13, atol: 1e-15 });
    const s = tensor(0.8, { requiresGrad: true });
    const [ds] = autograd.grad(s.pow(4), s, { createGraph: true });
    const [dds] = autograd.grad(ds!, s);
    expectClose(dds!.item(), torch('secondDerivatives', 'fourthPowerSecondDerivative'), {
      rtol: 1e-14,
      atol: 0,
    });
  });

  test('7. mini-batches from a DataLoader over a TensorDataset, with StepLR and getLastLr()', () => {
    const { X, y } = regressionData();
    const loader = new DataLoader(new TensorDataset(X, y), { batchSize: 3 });
    const model = new Linear(3, 1);
    model.loadStateDict(tensors(torch('dataLoaderStepLr', 'start')), { layout: 'torch' });
    const optimizer = new SGD(model.parameters(), { lr: 0.2 });
    const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
    const batchSizes: number[] = [];
    const lrs: number[] = [];
    const epochLosses: number[] = [];
    for (let epoch = 0; epoch < 5; epoch++) {
      let total = 0;
      for (const [xb, yb] of loader) {
        batchSizes.push(xb.size(0));
        optimizer.zeroGrad();
        const loss = mse(model.forward(xb), yb);
        loss.backward();
        optimizer.step();
        total += loss.item();
      }
      epochLosses.push(total);
      scheduler.step();
      lrs.push(scheduler.getLastLr()[0]!);
    }
    expect(batchSizes).toEqual(torch('dataLoaderStepLr', 'batchSizes'));
    expect(lrs).toEqual(torch('dataLoaderStepLr', 'lrs'));
    expectAllClose(epochLosses, torch('dataLoaderStepLr', 'epochLosses'), { rtol: 1e-12, atol: 0 });
    expectState(model, torch('dataLoaderStepLr', 'final'), 1e-12);
  });

  test('8. inference: eval() turns Dropout off, noGrad records nothing', () => {
    const { X } = regressionData();
    const model = new Sequential(new Linear(3, 4), new ReLU(), new Dropout(0.5), new Linear(4, 2));
    model.loadStateDict(tensors(torch('evalNoGrad', 'start')), { layout: 'torch' });
    model.eval();
    const out = noGrad(() => model.forward(X));
    expect(out.requiresGrad).toBe(torch('evalNoGrad', 'requiresGrad'));
    expectAllClose(out.tolist(), torch('evalNoGrad', 'output'), { rtol: 1e-14, atol: 1e-15 });
  });

  test('9. saving and loading a state dict: through JSON, into a fresh model, the same outputs bit for bit', () => {
    manualSeed(7);
    const model = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1));
    const copy = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1));
    copy.loadStateDict(JSON.parse(JSON.stringify(model.stateDict())));
    const { X } = regressionData();
    expect(copy.forward(X).tolist()).toEqual(model.forward(X).tolist());
  });

  test('10. gather, cat, where, maskedFill and maskedSelect, values and gradients', () => {
    const x = tensor(torch<Nested>('gatherCatWhereMasked', 'x'), { requiresGrad: true });
    const gathered = x.gather(1, tensor(torch<Nested>('gatherCatWhereMasked', 'index')));
    const joined = cat([x, x.mul(2)], 0);
    const chosen = where(x.gt(0), x, x.mul(0.1));
    const filled = x.maskedFill(x.lt(-1), 0);
    const picked = x.maskedSelect(x.gt(0.5));
    const total = gathered
      .sum()
      .add(joined.pow(2).sum().mul(0.01))
      .add(chosen.sum())
      .add(filled.pow(2).sum())
      .add(picked.sum().mul(3));
    total.backward();
    const close = { rtol: 1e-14, atol: 1e-15 };
    expect(gathered.tolist()).toEqual(torch('gatherCatWhereMasked', 'gathered'));
    expectAllClose(joined.tolist(), torch('gatherCatWhereMasked', 'cat'), close);
    expectAllClose(chosen.tolist(), torch('gatherCatWhereMasked', 'where'), close);
    expect(filled.tolist()).toEqual(torch('gatherCatWhereMasked', 'maskedFill'));
    expect(picked.tolist()).toEqual(torch('gatherCatWhereMasked', 'maskedSelect'));
    expectClose(total.item(), torch('gatherCatWhereMasked', 'total'), close);
    expectAllClose(x.grad!.tolist(), torch('gatherCatWhereMasked', 'grad'), close);
  });

  test('11. CrossEntropyLoss on logits and class indices', () => {
    const logits = tensor(torch<Nested>('crossEntropy', 'logits'), { requiresGrad: true });
    const loss = new CrossEntropyLoss().forward(logits, tensor(torch<Nested>('crossEntropy', 'targets')));
    loss.backward();
    expectClose(loss.item(), torch('crossEntropy', 'loss'), { rtol: 1e-14, atol: 0 });
    expectAllClose(logits.grad!.tolist(), torch('crossEntropy', 'grad'), { rtol: 1e-13, atol: 1e-16 });
  });

  test('12. weight initialisation and seeding: manualSeed before building reproduces the weights and the dropout', () => {
    const run = () => {
      manualSeed(42);
      const model = new Sequential(new Linear(3, 4), new Dropout(0.5));
      return model.forward(tensor([[1, 2, 3]])).tolist();
    };
    const first = run();
    expect(run()).toEqual(first);
    manualSeed(43);
    const other = new Sequential(new Linear(3, 4), new Dropout(0.5)).forward(tensor([[1, 2, 3]])).tolist();
    expect(other).not.toEqual(first);
  });

  test('13. detach and retainGrad', () => {
    const x = tensor(torch<number[]>('detachRetainGrad', 'x'), { requiresGrad: true });
    const h = x.mul(x).add(1);
    h.retainGrad();
    const frozen = h.detach();
    const out = h.mul(frozen).sum().add(x.exp().mul(0.5).sum());
    out.backward();
    expectClose(out.item(), torch('detachRetainGrad', 'out'), { rtol: 1e-15, atol: 0 });
    expect(h.grad!.tolist()).toEqual(torch('detachRetainGrad', 'hGrad'));
    expectAllClose(x.grad!.tolist(), torch('detachRetainGrad', 'xGrad'), { rtol: 1e-15, atol: 0 });
  });

  test('14. clipGradNorm_ (returns the total norm) and clipGradValue_', () => {
    const w = tensor(torch<Nested>('clipGrad', 'w'), { requiresGrad: true });
    const b = tensor(torch<Nested>('clipGrad', 'b'), { requiresGrad: true });
    w.pow(3).sum().add(b.mul(4).sum()).backward();
    const total = clipGradNorm_([w, b], 1.0);
    expectClose(total.item(), torch('clipGrad', 'totalNorm'), { rtol: 1e-14, atol: 0 });
    expectAllClose(w.grad!.tolist(), torch('clipGrad', 'wGrad'), { rtol: 1e-14, atol: 1e-16 });
    expectAllClose(b.grad!.tolist(), torch('clipGrad', 'bGrad'), { rtol: 1e-14, atol: 1e-16 });
    const w2 = tensor(torch<Nested>('clipGrad', 'w'), { requiresGrad: true });
    w2.pow(3).sum().backward();
    clipGradValue_([w2], 0.5);
    expect(w2.grad!.tolist()).toEqual(torch('clipGrad', 'clippedByValue'));
  });

  test('15. parameter groups: a first layer at its own rate, the rest at the defaults', () => {
    const { X, y } = regressionData();
    const first = new Linear(3, 4);
    const last = new Linear(4, 1);
    const model = new Sequential(first, new Tanh(), last);
    model.loadStateDict(tensors(torch('parameterGroups', 'start')), { layout: 'torch' });
    const optimizer = new SGD([{ params: first.parameters(), lr: 0.05 }, { params: last.parameters() }], {
      lr: 0.2,
      momentum: 0.5,
    });
    for (let step = 0; step < 10; step++) {
      optimizer.zeroGrad();
      mse(model.forward(X), y).backward();
      optimizer.step();
    }
    expect(optimizer.paramGroups.map((group) => group.lr)).toEqual(torch('parameterGroups', 'groupLrs'));
    expectState(model, torch('parameterGroups', 'final'), 1e-12);
  });

  test('and the mistake PyTorch catches: a tensor saved for backward, modified in place, fails at backward', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const x = tensor([3, 4]);
    const y = w.mul(x).sum();
    x.add_(1);
    expect(torch('inPlaceVersionError', 'raised')).toBe(true);
    expect(() => y.backward()).toThrow(GradientError);
    expect(() => y.backward()).toThrow(/modified by an in-place operation/);
  });
});
