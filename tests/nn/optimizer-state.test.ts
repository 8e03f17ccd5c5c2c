/**
 * An optimizer's state dict, in PyTorch's shape: saving after 3 steps and loading into a fresh optimizer
 * (directly, or through the JSON round trip that leaves `{ shape, values }` records) continues exactly as the
 * uninterrupted run, bit for bit, for every optimizer with two parameter groups; a state that does not fit is
 * refused with the key named, before anything changes.
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import {
  Adam,
  AdamW,
  type Optimizer,
  type OptimizerStateDict,
  RMSProp,
  SGD,
  StateDictError,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

type Make = (a: Tensor, b: Tensor) => Optimizer;

const OPTIMIZERS: [string, Make][] = [
  [
    'SGD',
    (a, b) =>
      new SGD([{ params: [a] }, { params: [b], lr: 0.05, dampening: 0.2 }], { lr: 0.1, momentum: 0.9 }),
  ],
  ['SGD plain', (a, b) => new SGD([a, b], { lr: 0.1 })],
  [
    'Adam',
    (a, b) =>
      new Adam([{ params: [a] }, { params: [b], betas: [0.8, 0.99], weightDecay: 0.1 }], { lr: 0.01 }),
  ],
  ['AdamW', (a, b) => new AdamW([{ params: [a], lr: 0.02 }, { params: [b] }])],
  [
    'RMSProp',
    (a, b) =>
      new RMSProp([
        { params: [a], momentum: 0.5 },
        { params: [b], alpha: 0.9 },
      ]),
  ],
];

/** A gradient that changes with the values and the step: g = sin(3p + step) + p. */
function setGradients(parameters: Tensor[], step: number): void {
  for (const parameter of parameters) {
    parameter.grad = tensor(
      parameter.data.map((value) => Math.sin(3 * value + step) + value),
      { shape: [...parameter.shape] },
    );
  }
}

function run(optimizer: Optimizer, parameters: Tensor[], from: number, to: number): void {
  for (let step = from; step < to; step++) {
    setGradients(parameters, step);
    optimizer.step();
  }
}

/** The state as JSON leaves it: each Tensor a `{ shape, values }` record (what nn's save writes). */
function throughJson(state: OptimizerStateDict): OptimizerStateDict {
  const text = JSON.stringify(state, (_key, value: unknown) =>
    value instanceof Object && 'data' in value && 'shape' in value
      ? { shape: (value as Tensor).shape, values: [...(value as Tensor).data] }
      : value,
  );
  return JSON.parse(text) as OptimizerStateDict;
}

const fresh = () => [
  leaf([
    [0.5, -1.25],
    [2, 0.75],
  ]),
  leaf([0.3, -0.6, 0.9]),
];

describe('saving after 3 steps and resuming equals the uninterrupted run, bit for bit', () => {
  for (const [name, make] of OPTIMIZERS) {
    for (const [how, transform] of [
      ['as Tensors', (state: OptimizerStateDict) => state],
      ['through JSON', throughJson],
    ] as const) {
      it(`${name}, ${how}`, () => {
        const uninterrupted = fresh();
        const optimizer = make(uninterrupted[0]!, uninterrupted[1]!);
        run(optimizer, uninterrupted, 0, 3);
        const saved = transform(optimizer.stateDict());
        const resumedParameters = uninterrupted.map((p) => leaf(p.toArray() as number[]));
        run(optimizer, uninterrupted, 3, 6);

        const resumed = make(resumedParameters[0]!, resumedParameters[1]!);
        resumed.loadStateDict(saved);
        run(resumed, resumedParameters, 3, 6);
        resumedParameters.forEach((parameter, i) => {
          expect([...parameter.data]).toEqual([...uninterrupted[i]!.data]);
        });
      });
    }
  }

  it('without the state, the resumed run differs (the test would catch a state not loaded)', () => {
    const uninterrupted = fresh();
    const make = OPTIMIZERS[2]![1];
    const optimizer = make(uninterrupted[0]!, uninterrupted[1]!);
    run(optimizer, uninterrupted, 0, 3);
    const restarted = uninterrupted.map((p) => leaf(p.toArray() as number[]));
    run(optimizer, uninterrupted, 3, 4);
    run(make(restarted[0]!, restarted[1]!), restarted, 3, 4);
    expect([...restarted[1]!.data]).not.toEqual([...uninterrupted[1]!.data]);
  });
});

describe("stateDict has PyTorch's shape", () => {
  it('state by parameter index across groups, groups with their options and params as indices', () => {
    const [a, b] = fresh();
    const optimizer = new Adam([{ params: [a!] }, { params: [b!], lr: 0.5 }], { lr: 0.1 });
    setGradients([a!], 0); // b has no gradient: it has no state yet
    optimizer.step();
    const state = optimizer.stateDict();
    expect(state.paramGroups).toEqual([
      { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, params: [0] },
      { lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, params: [1] },
    ]);
    expect(Object.keys(state.state)).toEqual(['0']);
    const entry = state.state[0]!;
    expect(entry.step).toBe(1);
    expect((entry.expAvg as Tensor).shape).toEqual([2, 2]);
    // g = sin(3p) + p; m = 0.1 g after one step
    const g = a!.grad!.data;
    expect([...(entry.expAvg as Tensor).data]).toEqual([...g].map((value) => (1 - 0.9) * value));
  });

  it('is a copy: later steps and changes to the groups do not reach it', () => {
    const [a] = fresh();
    const optimizer = new SGD([a!], { lr: 0.1, momentum: 0.9 });
    setGradients([a!], 0);
    optimizer.step();
    const state = optimizer.stateDict();
    const buffer = [...(state.state[0]!.momentumBuffer as Tensor).data];
    optimizer.step();
    optimizer.lr = 0.5;
    expect([...(state.state[0]!.momentumBuffer as Tensor).data]).toEqual(buffer);
    expect(state.paramGroups[0]!.lr).toBe(0.1);
  });

  it('loading restores the groups options (a schedule-lowered rate too)', () => {
    const [a, b] = fresh();
    const optimizer = new SGD([{ params: [a!] }, { params: [b!] }], { lr: 0.1 });
    optimizer.paramGroups[1]!.lr = 0.001;
    const other = new SGD(
      [
        {
          params: [
            leaf([
              [0, 0],
              [0, 0],
            ]),
          ],
        },
        { params: [leaf([0, 0, 0])] },
      ],
      { lr: 0.7 },
    );
    other.loadStateDict(optimizer.stateDict());
    expect(other.paramGroups.map((group) => group.lr)).toEqual([0.1, 0.001]);
  });
});

describe('a state that does not fit is refused, naming the key, and nothing changes', () => {
  function trained(): { optimizer: Adam; state: OptimizerStateDict } {
    const [a, b] = fresh();
    const optimizer = new Adam([{ params: [a!] }, { params: [b!] }], { lr: 0.1 });
    setGradients([a!, b!], 0);
    optimizer.step();
    return { optimizer, state: throughJson(optimizer.stateDict()) };
  }
  /** A trained state after JSON, with one part broken by `change` (which may reach anywhere in it). */
  // biome-ignore lint/suspicious/noExplicitAny: the edits reach into arbitrary parts of parsed JSON
  type Loose = Record<string, any>;
  const edited = (change: (state: Loose) => void): OptimizerStateDict => {
    const { state } = trained();
    change(state as Loose);
    return state;
  };

  const cases: [string, () => unknown, RegExp][] = [
    ['not an object', () => 5, /Adam.loadStateDict: stateDict must be an object/],
    ['an unknown key', () => edited((s) => (s.extra = 1)), /stateDict has unexpected key\(s\) extra/],
    [
      'one group too few',
      () => edited((s) => s.paramGroups.pop()),
      /stateDict.paramGroups has 1 group\(s\), this optimizer 2/,
    ],
    [
      'an option missing',
      () => edited((s) => delete s.paramGroups[1].eps),
      /stateDict.paramGroups\[1\].eps is missing/,
    ],
    [
      'an option out of range',
      () => edited((s) => (s.paramGroups[0].betas = [1, 0.9])),
      /paramGroups\[0\].betas\[0\] = 1 must be in \[0, 1\)/,
    ],
    ['a rate below 0', () => edited((s) => (s.paramGroups[0].lr = -1)), /paramGroups\[0\].lr = -1/],
    [
      'an unknown option',
      () => edited((s) => (s.paramGroups[0].momentum = 0.9)),
      /stateDict.paramGroups\[0\] has unexpected key\(s\) momentum/,
    ],
    [
      'a group of another size',
      () => edited((s) => s.paramGroups[0].params.push(7)),
      /stateDict.paramGroups\[0\].params must be an array of 1 parameter indices/,
    ],
    [
      'an index twice',
      () => edited((s) => (s.paramGroups[1].params = [0])),
      /stateDict.paramGroups\[1\].params\[0\] must be an integer index >= 0 that no other parameter has/,
    ],
    [
      'a state for no parameter',
      () => edited((s) => (s.state[5] = s.state[0])),
      /stateDict.state\['5'\] names no parameter/,
    ],
    [
      'a buffer missing',
      () => edited((s) => delete s.state[1].expAvgSq),
      /stateDict.state\['1'\].expAvgSq is missing/,
    ],
    [
      'a buffer of another shape',
      () => edited((s) => (s.state[0].expAvg.shape = [4])),
      /stateDict.state\['0'\].expAvg.shape must be \[2,2\], the parameter's shape/,
    ],
    [
      'a buffer with a value that is not a number',
      () => edited((s) => (s.state[1].expAvg.values[2] = null)),
      /stateDict.state\['1'\].expAvg.values must be 3 numbers/,
    ],
    [
      'a step count that is not a count',
      () => edited((s) => (s.state[0].step = 1.5)),
      /stateDict.state\['0'\].step must be a step count/,
    ],
    [
      'a key the optimizer does not keep',
      () => edited((s) => (s.state[0].momentumBuffer = s.state[0].expAvg)),
      /stateDict.state\['0'\] has unexpected key\(s\) momentumBuffer/,
    ],
  ];
  for (const [what, make, pattern] of cases) {
    it(what, () => {
      const { optimizer } = trained();
      const before = JSON.stringify(throughJson(optimizer.stateDict()));
      expectThrows(() => optimizer.loadStateDict(make() as OptimizerStateDict), StateDictError, pattern);
      expect(JSON.stringify(throughJson(optimizer.stateDict()))).toBe(before);
    });
  }
});
