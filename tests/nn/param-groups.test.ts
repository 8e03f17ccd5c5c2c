/**
 * Parameter groups, as PyTorch's optimizers take them: tensors or `[{ params, ...options }]`, each group's
 * options over the defaults, `paramGroups[i].lr` per group and `lr` for all, `addParamGroup`. Every
 * optimizer's steps with two groups of different options match PyTorch's (tests/fixtures/torch-api/
 * make-optim.py, torch 1.13 in float64) within rtol 1e-12; the mistakes PyTorch users make get errors
 * naming the argument.
 */
import { readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@tapegrad/autograd';
import {
  Adam,
  AdamW,
  ConfigError,
  createOptimizer,
  type Optimizer,
  RMSProp,
  SGD,
  StepLR,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

interface OptimizerCase {
  readonly name: string;
  readonly optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
  readonly defaults: Record<string, unknown>;
  readonly groups: Record<string, unknown>[];
  readonly steps: { a: number[][]; b: number[] }[];
}
interface Fixture {
  readonly initial: { a: number[][]; b: number[] };
  readonly gradients: { a: number[][]; b: number[] | null }[];
  readonly optimizers: OptimizerCase[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/torch-api/optim.json', import.meta.url), 'utf8'),
) as Fixture;

const PYTORCH = { atol: 0, rtol: 1e-12 };

const CLASSES = {
  SGD,
  Adam,
  AdamW,
  RMSprop: RMSProp,
} as unknown as Record<OptimizerCase['optimizer'], new (params: unknown, options: unknown) => Optimizer>;

describe('two parameter groups with their own options match PyTorch step for step (rtol 1e-12)', () => {
  for (const testCase of fixture.optimizers) {
    it(`${testCase.name}: ${JSON.stringify(testCase.groups)} over ${JSON.stringify(testCase.defaults)}`, () => {
      const a = leaf(fixture.initial.a);
      const b = leaf(fixture.initial.b);
      const [group0, group1] = testCase.groups;
      const optimizer = new CLASSES[testCase.optimizer](
        [
          { params: [a], ...group0 },
          { params: [b], ...group1 },
        ],
        testCase.defaults,
      );
      fixture.gradients.forEach((gradient, step) => {
        a.grad = tensor(gradient.a);
        b.grad = gradient.b === null ? null : tensor(gradient.b); // step 2: b is skipped
        optimizer.step();
        expectAllClose(a, testCase.steps[step]!.a, PYTORCH);
        expectAllClose(b, testCase.steps[step]!.b, PYTORCH);
      });
    });
  }

  it('the groups differ: the same run with every group at the defaults ends elsewhere', () => {
    const adam = fixture.optimizers.find((c) => c.name === 'adam')!;
    const b = leaf(fixture.initial.b);
    const optimizer = new Adam([b], adam.defaults);
    b.grad = tensor(fixture.gradients[0]!.b!);
    optimizer.step();
    expect(Math.abs(b.data[0]! - adam.steps[0]!.b[0]!)).toBeGreaterThan(1e-3);
  });
});

describe('parameter groups', () => {
  it("PyTorch's first guess works: new SGD([{ params, lr: 0.1 }], { lr: 0.01 })", () => {
    const w = leaf([1, 2]);
    const b = leaf([3]);
    const optimizer = new SGD([{ params: [w], lr: 0.1 }, { params: [b] }], { lr: 0.01 });
    expect(optimizer.paramGroups.map((group) => group.lr)).toEqual([0.1, 0.01]);
    w.grad = tensor([1, 1]);
    b.grad = tensor([1]);
    optimizer.step();
    expectAllClose(w, [0.9, 1.9]); // p - 0.1 g
    expectAllClose(b, [2.99]); // p - 0.01 g
  });

  it('a group needs no lr of its own when the defaults have one; SGD needs none when every group has one', () => {
    const optimizer = new SGD([{ params: [leaf([1])], lr: 0.5 }]);
    expect(optimizer.lr).toBe(0.5);
    expect(optimizer.defaults.lr).toBeUndefined();
  });

  it('each group holds every option, its own over the defaults; the defaults are filled as PyTorch fills them', () => {
    const optimizer = new SGD(
      [{ params: [leaf([1])] }, { params: [leaf([2])], momentum: 0.5, nesterov: true }],
      {
        lr: 0.1,
        momentum: 0.9,
      },
    );
    const [first, second] = optimizer.paramGroups.map(({ params, ...options }) => options);
    expect(first).toEqual({ lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 });
    expect(second).toEqual({ lr: 0.1, momentum: 0.5, dampening: 0, nesterov: true, weightDecay: 0 });
    expect(optimizer.defaults).toEqual(first);
    const adamW = new AdamW([{ params: [leaf([1])], betas: [0.8, 0.9] }]);
    const { params, ...adamOptions } = adamW.paramGroups[0]!;
    expect(adamOptions).toEqual({ lr: 0.001, betas: [0.8, 0.9], eps: 1e-8, weightDecay: 0.01 });
  });

  it("a group's options may be changed between steps, as param_groups[i]['lr'] in PyTorch", () => {
    const w = leaf([1]);
    const b = leaf([1]);
    const optimizer = new SGD([{ params: [w] }, { params: [b] }], { lr: 0.1 });
    optimizer.paramGroups[1]!.lr = 0.5;
    w.grad = tensor([1]);
    b.grad = tensor([1]);
    optimizer.step();
    expect([w.data[0], b.data[0]]).toEqual([0.9, 0.5]);
  });

  it("lr reads the first group's rate and sets every group's (fit, the CLI and schedules of one rate use it)", () => {
    const optimizer = new Adam([{ params: [leaf([1])], lr: 0.2 }, { params: [leaf([1])] }], { lr: 0.01 });
    expect(optimizer.lr).toBe(0.2);
    optimizer.lr = 0.05;
    expect(optimizer.paramGroups.map((group) => group.lr)).toEqual([0.05, 0.05]);
    expectThrows(
      () => {
        optimizer.lr = -1;
      },
      ConfigError,
      /Adam: lr = -1 must be a finite number >= 0/,
    );
    expect(optimizer.lr).toBe(0.05);
  });

  it('the other hyperparameter getters read the first group', () => {
    const sgd = new SGD([{ params: [leaf([1])], momentum: 0.3 }, { params: [leaf([1])] }], {
      lr: 1,
      momentum: 0.9,
    });
    expect(sgd.momentum).toBe(0.3);
    const rmsProp = new RMSProp([{ params: [leaf([1])], alpha: 0.5 }]);
    expect([rmsProp.alpha, rmsProp.momentum]).toEqual([0.5, 0]);
  });

  it('parameters lists every tensor, group by group; zeroGrad forgets every group', () => {
    const [a, b, c] = [leaf([1]), leaf([2]), leaf([3])];
    const optimizer = new SGD([{ params: [a, b] }, { params: c }], { lr: 0.1 }); // one tensor for params, as PyTorch
    expect(optimizer.parameters).toEqual([a, b, c]);
    for (const p of [a, b, c]) p.grad = tensor([1]);
    optimizer.zeroGrad();
    expect([a.grad, b.grad, c.grad]).toEqual([null, null, null]);
  });

  it('addParamGroup adds a group with its own options (e.g. unfreezing a layer)', () => {
    const [a, b] = [leaf([1]), leaf([1])];
    const optimizer = new SGD([a], { lr: 0.1, momentum: 0.9 });
    optimizer.addParamGroup({ params: [b], lr: 0.01 });
    expect(optimizer.paramGroups[1]).toMatchObject({ lr: 0.01, momentum: 0.9 });
    b.grad = tensor([1]);
    optimizer.step();
    expectAllClose(b, [0.99]);
    expectThrows(
      () => optimizer.addParamGroup({ params: [a] }),
      ConfigError,
      /addParamGroup: group.params\[0\] is the same tensor as paramGroups\[0\].params\[0\]/,
    );
    expectThrows(
      () => optimizer.addParamGroup({ params: [leaf([1])], momentum: -1 }),
      ConfigError,
      /SGD.addParamGroup: group.momentum = -1 must be at least 0/,
    );
    expect(optimizer.paramGroups).toHaveLength(2);
  });

  it('createOptimizer takes groups too', () => {
    const optimizer = createOptimizer(
      'momentum',
      [{ params: [leaf([1])] }, { params: [leaf([1])], lr: 0.5 }],
      {
        lr: 0.1,
      },
    );
    expect(optimizer.paramGroups.map((group) => group.lr)).toEqual([0.1, 0.5]);
  });
});

describe('errors naming the argument', () => {
  const p = () => leaf([1]);

  it('a tensor in two groups, or twice in one', () => {
    const shared = p();
    expectThrows(
      () => new SGD([{ params: [shared] }, { params: [p(), shared] }], { lr: 0.1 }),
      ConfigError,
      /SGD: paramGroups\[1\].params\[1\] is the same tensor as paramGroups\[0\].params\[0\]/,
      /in one group/,
    );
    expectThrows(
      () => new Adam([shared, shared]),
      ConfigError,
      /parameter 1 is the same tensor as parameter 0/,
    );
  });

  it('a group without params, with params of the wrong kind, or empty', () => {
    expectThrows(
      () => new SGD([{ params: [p()] }, { lr: 0.1 } as never], { lr: 0.01 }),
      ConfigError,
      /SGD: paramGroups\[1\].params \(argument 'parameters'\) must be an array of tensors/,
      /got undefined/,
    );
    expectThrows(
      () => new Adam([{ params: [p(), 5] as never }]),
      ConfigError,
      /Adam: paramGroups\[0\].params\[1\] \(argument 'parameters'\) must be a Tensor, got 5/,
    );
    expectThrows(() => new Adam([{ params: [] }]), ConfigError, /paramGroups\[0\].params .* is empty/);
    expectThrows(
      () => new SGD([{ params: [tensor([1])] }], { lr: 0.1 }),
      ConfigError,
      /paramGroups\[0\].params\[0\] .* is not a leaf that requires a gradient/,
    );
  });

  it('tensors and groups mixed, a single tensor, or not a list at all', () => {
    expectThrows(
      () => new SGD([{ params: [p()] }, p()] as never, { lr: 0.1 }),
      ConfigError,
      /SGD: paramGroups\[1\] \(argument 'parameters'\) must be a parameter group/,
      /not a mix/,
    );
    expectThrows(
      () => new SGD([p(), { params: [p()] }] as never, { lr: 0.1 }),
      ConfigError,
      /parameter 1 of parameters must be a Tensor/,
    );
    expectThrows(
      () => new SGD(p() as never, { lr: 0.1 }),
      ConfigError,
      /argument 'parameters' must be .*wrap a single tensor: \[x\]/,
    );
    expectThrows(() => new SGD(5 as never, { lr: 0.1 }), ConfigError, /SGD: argument 'parameters' must be/);
  });

  it("an option a group does not take, or of the wrong type, or out of range, named with the group's index", () => {
    expectThrows(
      () => new Adam([{ params: [p()] }, { params: [p()], momentum: 0.9 } as never]),
      ConfigError,
      /Adam: paramGroups\[1\] .*unknown option 'momentum'; a group takes params and lr, betas, eps, weightDecay/,
    );
    expectThrows(
      () => new SGD([{ params: [p()], lr: '0.1' as never }], { lr: 0.1 }),
      ConfigError,
      /SGD: option 'paramGroups\[0\].lr' must be a number/,
    );
    expectThrows(
      () => new SGD([{ params: [p()] }, { params: [p()], lr: -0.1 }], { lr: 0.1 }),
      ConfigError,
      /SGD: the learning rate -0.1 of paramGroups\[1\] must be a positive number \(option paramGroups\[1\].lr\)/,
    );
    expectThrows(
      () => new Adam([{ params: [p()], betas: [0.9, 1] }]),
      ConfigError,
      /Adam: paramGroups\[0\].betas\[1\] = 1 must be in \[0, 1\)/,
    );
    expectThrows(
      () => new SGD([{ params: [p()], nesterov: true }], { lr: 0.1 }),
      ConfigError,
      /Nesterov momentum needs momentum > 0.*paramGroups\[0\].momentum 0/,
    );
  });

  it('SGD without any learning rate names options and lr', () => {
    expectThrows(() => new SGD([p()]), ConfigError, /SGD: argument 'options' must give the learning rate lr/);
    expectThrows(
      () => new SGD([{ params: [p()], lr: 0.1 }, { params: [p()] }]),
      ConfigError,
      /paramGroups\[1\] does not/,
    );
  });

  it('step checks the groups first: a rate set out of range, or a gradient of the wrong shape, changes nothing', () => {
    const [a, b] = [leaf([1, 2]), leaf([3])];
    const optimizer = new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    a.grad = tensor([1, 1]);
    b.grad = tensor([1]);
    optimizer.paramGroups[1]!.lr = Number.NaN;
    expectThrows(
      () => optimizer.step(),
      ConfigError,
      /SGD: paramGroups\[1\].lr = NaN must be a finite number >= 0/,
    );
    optimizer.paramGroups[1]!.lr = 0.1;
    b.grad = tensor([1, 1]);
    expectThrows(
      () => optimizer.step(),
      Error,
      /SGD.step: paramGroups\[1\].params\[0\] has shape \[1\] but its .grad has shape \[2\]/,
    );
    expect([...a.data, ...b.data]).toEqual([1, 2, 3]);
    expect(optimizer.stepCount).toBe(0);
  });

  it('a schedule brings a rate to 0 and the optimizer steps with it', () => {
    const x: Tensor = leaf([1]);
    const optimizer = new SGD([x], { lr: 1 });
    new StepLR(optimizer, { stepSize: 1, gamma: 1e-300 }).step();
    optimizer.paramGroups[0]!.lr = 0;
    x.grad = tensor([1]);
    optimizer.step();
    expect(x.data[0]).toBe(1);
  });
});
