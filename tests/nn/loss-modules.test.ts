/**
 * The loss modules (MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, NLLLoss,
 * CrossEntropyLoss) against PyTorch 1.13's own values and input gradients for every reduction and option
 * (tests/fixtures/torch-api/make-losses.py), the functional l1Loss, huberLoss and smoothL1Loss by hand
 * and by gradcheck, and the errors of every argument.
 */
import { gradcheck, gradgradcheck, type Tensor, tensor, zeros } from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import {
  BCELoss,
  BCEWithLogitsLoss,
  ConfigError,
  CrossEntropyLoss,
  HuberLoss,
  huberLoss,
  L1Loss,
  Loss,
  l1Loss,
  Module,
  MSELoss,
  NLLLoss,
  SmoothL1Loss,
  smoothL1Loss,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/torch-api/losses.json' with { type: 'json' };
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

/** PyTorch's float64 results against tapegrad's: a few ulps of different rounding, well inside rtol 1e-12. */
const pytorch = { atol: 1e-15, rtol: 1e-12 };
/** Central differences with eps = 1e-6: truncation near 1e-12, rounding near 1e-10. */
const finiteDifferences = { atol: 1e-8, rtol: 1e-6 };

interface Recorded {
  readonly shape: number[];
  readonly values: number[];
}
const fromRecord = (r: Recorded, requiresGrad = false) => tensor(r.values, { shape: r.shape, requiresGrad });

/** A module from its name and the fixture's options (tensors recorded as { shape, values }). */
function build(name: string, options: Record<string, unknown>): Loss {
  const converted = Object.fromEntries(
    Object.entries(options).map(([key, value]) => [
      key,
      typeof value === 'object' && value !== null ? fromRecord(value as Recorded) : value,
    ]),
  );
  const Constructor = (nn as unknown as Record<string, new (options: object) => Loss>)[name]!;
  return new Constructor(converted);
}

const caseName = (c: (typeof fixture.cases)[number]) => {
  const { reduction, ...rest } = c.options as Record<string, unknown>;
  const target = Array.isArray(c.target) ? 'class indices' : `target ${JSON.stringify(c.target.shape)}`;
  return `${c.module}(${Object.keys(rest).join(', ') || 'defaults'}), ${target}, reduction ${reduction}`;
};

describe('loss modules against PyTorch (value and input.grad, rtol 1e-12)', () => {
  it('the fixture was made by torch 1.13 and covers every module', () => {
    expect(fixture.torch).toMatch(/^1\.13/);
    expect(new Set(fixture.cases.map((c) => c.module))).toEqual(
      new Set([
        'MSELoss',
        'L1Loss',
        'HuberLoss',
        'SmoothL1Loss',
        'BCELoss',
        'BCEWithLogitsLoss',
        'CrossEntropyLoss',
        'NLLLoss',
      ]),
    );
  });

  for (const c of fixture.cases) {
    it(caseName(c), () => {
      const criterion = build(c.module, c.options as Record<string, unknown>);
      const input = fromRecord(c.input, true);
      const target = Array.isArray(c.target) ? tensor(c.target) : fromRecord(c.target as Recorded);
      const loss = criterion.forward(input, target);
      expectAllClose(loss, fromRecord(c.loss), pytorch);
      (c.upstream === null ? loss : loss.mul(fromRecord(c.upstream))).sum().backward();
      expectAllClose(input.grad, fromRecord(c.inputGrad), pytorch);
      // Class indices may also be a plain array, as the functional losses take them.
      if (Array.isArray(c.target)) {
        expectAllClose(criterion.forward(input, c.target), fromRecord(c.loss), pytorch);
      }
    });
  }
});

describe('loss modules are Modules', () => {
  it('each is an instance of Module and of Loss, with no parameters (a class weight is not one)', () => {
    const weight = tensor([1, 2, 3], { requiresGrad: true });
    const criteria = [
      new MSELoss(),
      new L1Loss(),
      new HuberLoss(),
      new SmoothL1Loss(),
      new BCELoss({ weight }),
      new BCEWithLogitsLoss({ posWeight: weight }),
      new NLLLoss({ weight }),
      new CrossEntropyLoss({ weight }),
    ];
    for (const criterion of criteria) {
      expect(criterion).toBeInstanceOf(Module);
      expect(criterion).toBeInstanceOf(Loss);
      expect(criterion.parameters()).toEqual([]);
    }
  });

  it('describe() names the class, the reduction and the options', () => {
    expect(new MSELoss().describe()).toBe('MSELoss(reduction=mean)');
    expect(new L1Loss({ reduction: 'sum' }).describe()).toBe('L1Loss(reduction=sum)');
    expect(new HuberLoss({ delta: 0.5 }).describe()).toBe('HuberLoss(reduction=mean, delta=0.5)');
    expect(new SmoothL1Loss().describe()).toBe('SmoothL1Loss(reduction=mean, beta=1)');
    expect(new BCELoss().describe()).toBe('BCELoss(reduction=mean)');
    expect(new BCEWithLogitsLoss({ posWeight: tensor([2, 3]) }).describe()).toBe(
      'BCEWithLogitsLoss(reduction=mean, posWeight=[2])',
    );
    expect(new NLLLoss().describe()).toBe('NLLLoss(reduction=mean, ignoreIndex=-100)');
    expect(new CrossEntropyLoss({ reduction: 'none', labelSmoothing: 0.1 }).describe()).toBe(
      'CrossEntropyLoss(reduction=none, ignoreIndex=-100, labelSmoothing=0.1)',
    );
    expect(String(new MSELoss())).toBe('MSELoss(reduction=mean)');
  });

  it('a CrossEntropyLoss target of -100 (the default ignoreIndex) is skipped, as in PyTorch', () => {
    const logits = tensor([
      [1, 2, 0],
      [0, 0, 3],
    ]);
    const withIgnored = new CrossEntropyLoss().forward(logits, tensor([1, -100]));
    const firstRowOnly = new CrossEntropyLoss().forward(logits.slice([{ stop: 1 }]), tensor([1]));
    expectClose(withIgnored.item(), firstRowOnly.item());
    // -log softmax([1, 2, 0])_1 = log(e + e^2 + 1) - 2.
    expectClose(withIgnored.item(), Math.log(Math.E + Math.E ** 2 + 1) - 2);
  });
});

describe('l1Loss, huberLoss, smoothL1Loss by hand', () => {
  const input = () => tensor([0.5, 3, -2, 0.2], { requiresGrad: true });
  const target = tensor([0, 0, 0, 1]);
  // d = [0.5, 3, -2, -0.8].

  it('l1Loss: |d| = [0.5, 3, 2, 0.8], mean 1.575; gradient sign(d) / 4', () => {
    const x = input();
    expectAllClose(l1Loss(x, target, { reduction: 'none' }), [0.5, 3, 2, 0.8]);
    const loss = l1Loss(x, target);
    expectClose(loss.item(), 6.3 / 4);
    loss.backward();
    expectAllClose(x.grad, [0.25, 0.25, -0.25, -0.25]);
  });

  it('huberLoss, delta 1: [0.125, 2.5, 1.5, 0.32]; gradient d inside, sign(d) outside', () => {
    const x = input();
    expectAllClose(huberLoss(x, target, { reduction: 'none' }), [0.125, 2.5, 1.5, 0.32]);
    huberLoss(x, target, { reduction: 'sum' }).backward();
    expectAllClose(x.grad, [0.5, 1, -1, -0.8]);
  });

  it('huberLoss, delta 2: 3 is outside (2 (3 - 1) = 4), -2 on the seam (2 either way)', () => {
    expectAllClose(huberLoss(input(), target, { reduction: 'none', delta: 2 }), [0.125, 4, 2, 0.32]);
  });

  it('smoothL1Loss is huberLoss / beta; beta 0 is the L1 loss', () => {
    expectAllClose(smoothL1Loss(input(), target, { reduction: 'none', beta: 0.5 }), [0.25, 2.75, 1.75, 0.55]);
    expectAllClose(smoothL1Loss(input(), target, { reduction: 'none', beta: 0 }), [0.5, 3, 2, 0.8]);
  });

  it('gradients and second derivatives match finite differences away from the seams', () => {
    const t = tensor([0.1, -0.3, 0.4]);
    const x = tensor([0.3, 2.2, -1.1], { requiresGrad: true });
    for (const f of [
      (v: Tensor) => huberLoss(v, t, { delta: 0.7 }),
      (v: Tensor) => smoothL1Loss(v, t, { beta: 0.7 }),
      (v: Tensor) => l1Loss(v, t),
    ]) {
      const first = gradcheck(f, [x], finiteDifferences);
      expect(first.passed, first.toString()).toBe(true);
      const second = gradgradcheck(f, [x], finiteDifferences);
      expect(second.passed, second.toString()).toBe(true);
    }
  });
});

describe('errors name the class or function, the argument and the shapes', () => {
  const x = () => zeros([4, 3]);

  it('constructor options', () => {
    expectThrows(
      () => new MSELoss({ reduction: 'avg' as never }),
      ConfigError,
      /MSELoss: reduction 'avg' is not one of mean, sum, none/,
    );
    expectThrows(
      () => new L1Loss({ size_average: true } as never),
      ConfigError,
      /L1Loss: unknown option 'size_average'/,
    );
    expectThrows(
      () => new HuberLoss({ delta: 0 }),
      ConfigError,
      /HuberLoss: option 'delta' must be a finite number > 0, got 0/,
    );
    expectThrows(
      () => new SmoothL1Loss({ beta: -1 }),
      ConfigError,
      /SmoothL1Loss: option 'beta' must be a finite number >= 0, got -1/,
    );
    expectThrows(
      () => new BCELoss({ weight: [1, 2] as never }),
      ConfigError,
      /BCELoss: option 'weight' must be a Tensor/,
    );
    expectThrows(
      () => new BCEWithLogitsLoss({ posWeight: 2 as never }),
      ConfigError,
      /BCEWithLogitsLoss: option 'posWeight' must be a Tensor, got 2/,
    );
    expectThrows(
      () => new NLLLoss({ weight: zeros([2, 2]) }),
      ConfigError,
      /NLLLoss: option 'weight' must be a 1-D Tensor/,
    );
    expectThrows(
      () => new NLLLoss({ ignoreIndex: 0.5 }),
      ConfigError,
      /NLLLoss: option 'ignoreIndex' must be an integer/,
    );
    expectThrows(
      () => new CrossEntropyLoss({ labelSmoothing: 1.5 }),
      ConfigError,
      /CrossEntropyLoss: option 'labelSmoothing' must be a number in \[0, 1\], got 1.5/,
    );
    expectThrows(
      () => new CrossEntropyLoss('mean' as never),
      ConfigError,
      /CrossEntropyLoss: argument 'options' must be an object/,
    );
  });

  it('a missing or non-tensor input or target', () => {
    expectThrows(
      () => new MSELoss().forward(x()),
      ConfigError,
      /MSELoss.forward: argument 'target' must be a Tensor/,
    );
    expectThrows(
      () => new MSELoss().forward([1] as never, x()),
      ConfigError,
      /MSELoss.forward: argument 'input' must be a Tensor/,
    );
    expectThrows(
      () => new L1Loss().forward(x(), 'a' as never),
      ConfigError,
      /L1Loss.forward: argument 'target' must be a Tensor/,
    );
    expectThrows(
      () => new CrossEntropyLoss().forward(x(), {} as never),
      ConfigError,
      /CrossEntropyLoss.forward: argument 'target' must be a Tensor or an array of class indices/,
    );
  });

  it('an elementwise loss refuses a target of another shape: [4, 1] against [4] never broadcasts to [4, 4]', () => {
    for (const criterion of [
      new MSELoss(),
      new L1Loss(),
      new HuberLoss(),
      new SmoothL1Loss(),
      new BCELoss(),
      new BCEWithLogitsLoss(),
    ]) {
      expectThrows(
        () => criterion.forward(zeros([4, 1]), zeros([4])),
        ConfigError,
        new RegExp(`${criterion.constructor.name}.forward: input has shape \\[4,1\\] but target \\[4\\]`),
      );
    }
  });

  it("weight and posWeight must broadcast to the input's shape", () => {
    expectThrows(
      () => new BCELoss({ weight: zeros([2]) }).forward(x(), x()),
      ConfigError,
      /BCELoss.forward: option 'weight' of shape \[2\] does not broadcast to the input's shape \[4,3\]/,
    );
    expectThrows(
      () => new BCEWithLogitsLoss({ posWeight: zeros([4]) }).forward(x(), x()),
      ConfigError,
      /BCEWithLogitsLoss.forward: option 'posWeight' of shape \[4\] does not broadcast/,
    );
  });

  it('class losses: input [N, C], one label per row in 0..C-1, one weight per class', () => {
    expectThrows(
      () => new CrossEntropyLoss().forward(zeros([3]), [0, 1, 2]),
      ConfigError,
      /CrossEntropyLoss.forward: input must be \[N, C\].*got shape \[3\]/,
    );
    expectThrows(
      () => new NLLLoss().forward(x(), [0, 1]),
      ConfigError,
      /NLLLoss.forward: target has 2 labels but input \[4,3\] has 4 rows/,
    );
    expectThrows(
      () => new NLLLoss().forward(x(), [0, 1, 3, 0]),
      ConfigError,
      /NLLLoss.forward: label 3 at row 2 of target is not a class index in 0..2/,
    );
    expectThrows(
      () => new CrossEntropyLoss().forward(x(), tensor([0, 1, 0.5, 0])),
      ConfigError,
      /label 0.5 at row 2/,
    );
    expectThrows(
      () => new CrossEntropyLoss({ weight: tensor([1, 2]) }).forward(x(), [0, 1, 1, 0]),
      ConfigError,
      /CrossEntropyLoss.forward: option 'weight' has 2 entries but the input \[4,3\] has 3 classes/,
    );
    expectThrows(
      () => new CrossEntropyLoss().forward(x(), zeros([4, 2])),
      ConfigError,
      /CrossEntropyLoss.forward: input has shape \[4,3\] but target \[4,2\]/,
    );
    expectThrows(
      () => new NLLLoss().forward(x(), zeros([4, 3])),
      ConfigError,
      /NLLLoss.forward: target of shape \[4,3\] does not fit input \[4,3\]; give class indices \[4\]/,
    );
    expectThrows(
      () => new CrossEntropyLoss({ ignoreIndex: 1 }).forward(x(), zeros([4, 3])),
      ConfigError,
      /CrossEntropyLoss.forward: option 'ignoreIndex' \(1\) applies to class-index targets/,
    );
  });

  it('functional losses name themselves', () => {
    expectThrows(
      () => l1Loss(zeros([2]), zeros([3])),
      ConfigError,
      /l1Loss: input has shape \[2\] but target \[3\]/,
    );
    expectThrows(
      () => huberLoss(zeros([2]), zeros([2]), { delta: -1 }),
      ConfigError,
      /huberLoss: option 'delta'/,
    );
    expectThrows(
      () => smoothL1Loss(zeros([2]), 3 as never),
      ConfigError,
      /smoothL1Loss: argument 'target' must be a Tensor/,
    );
  });
});
