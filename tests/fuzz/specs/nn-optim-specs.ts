/**
 * Fuzz specs of nn-optim's public functions and methods: parameter groups, addParamGroup, the state dict,
 * gradient clipping, getLastLr, LinearLR, OneCycleLR and ReduceLROnPlateau.
 */
import { tensor } from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { type Spec, spec } from '../harness/spec.ts';
import {
  bad,
  booleanParam,
  customParam,
  enumParam,
  integerParam,
  numberParam,
  optionsParam,
  wrongTypes,
} from '../harness/values.ts';

const optional = { optional: true } as const;
const p = () => tensor([1, 2], { requiresGrad: true });
/** Tensors with gradients, one without: what clipping is called on after backward(). */
const withGradients = () => {
  const [a, b, c] = [p(), p(), p()];
  a.grad = tensor([3, 4]);
  b.grad = tensor([-1, 0.5]);
  return [a, b, c];
};
const twoGroups = () =>
  new nn.SGD([{ params: [p()] }, { params: [p()], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
const optimizerParam = () =>
  customParam('optimizer', twoGroups, [
    ...wrongTypes(),
    bad('5', () => 5),
    bad('{ lr: 1 }', () => ({ lr: 1 })),
  ]);
/** A trained Adam's state dict, and a fresh Adam with the same groups to load it into. */
const adam = () => new nn.Adam([{ params: [p()] }, { params: [p()], lr: 0.5 }], { lr: 0.1 });
const trainedState = (): Record<string, unknown> => {
  const optimizer = adam();
  for (const parameter of optimizer.parameters) parameter.grad = tensor([1, -1]);
  optimizer.step();
  return optimizer.stateDict() as unknown as Record<string, unknown>;
};
/** A state after JSON, loosely typed so that a bad value can break any part of it. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach into arbitrary parts of parsed JSON
type Loose = Record<string, any>;
const editedState = (label: string, edit: (state: Loose) => void) =>
  bad(
    label,
    () => {
      const state = JSON.parse(
        JSON.stringify(trainedState(), (_key, value) =>
          value instanceof Object && 'data' in value
            ? { shape: value.shape, values: [...value.data] }
            : value,
        ),
      );
      edit(state);
      return state;
    },
    'stateDict',
  );
const clipParameters = () =>
  customParam('parameters', withGradients, [
    ...wrongTypes('array'),
    bad('5', () => 5),
    bad('[1]', () => [1]),
    bad('[tensor, {}]', () => [p(), {}]),
  ]);

function groupSpecs(): Spec[] {
  return [
    spec(
      'SGD(paramGroups)',
      'SGD',
      [
        customParam('parameters', () => [{ params: [p()] }, { params: [p()], lr: 0.01, momentum: 0.5 }], [
          bad('[{ lr: 0.1 }]', () => [{ lr: 0.1 }]),
          bad('[{ params: 5 }]', () => [{ params: 5 }]),
          bad('[{ params: [] }]', () => [{ params: [] }]),
          bad('[{ params: [1] }]', () => [{ params: [1] }]),
          bad('[{ params }, tensor]', () => [{ params: [p()] }, p()]),
          bad('a tensor in two groups', () => {
            const shared = p();
            return [{ params: [shared] }, { params: [shared] }];
          }),
          bad('[{ params, betas }]', () => [{ params: [p()], betas: [0.9, 0.99] }]),
          bad('[{ params, lr: -1 }]', () => [{ params: [p()], lr: -1 }], 'paramGroups[0].lr'),
          bad(
            '[{ params, momentum: -1 }]',
            () => [{ params: [p()], momentum: -1 }],
            'paramGroups[0].momentum',
          ),
          bad('[{ params, nesterov: 1 }]', () => [{ params: [p()], nesterov: 1 }], 'paramGroups[0].nesterov'),
        ]),
        customParam('options', () => ({ lr: 0.1 }), [bad('5', () => 5), bad("'abc'", () => 'abc')]),
      ],
      (groups: never, options: never) => new nn.SGD(groups, options),
      [() => [[{ params: [p()], lr: 0.1 }], undefined]],
    ),
    spec(
      'Optimizer#addParamGroup',
      'addParamGroup',
      [
        customParam('group', () => ({ params: [p()], lr: 0.01 }), [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('{ params: [1] }', () => ({ params: [1] })),
          bad('{ params: [] }', () => ({ params: [] })),
          bad('{ params: [tensor without grad] }', () => ({ params: [tensor([1])] })),
          bad('{ params, bogus: 1 }', () => ({ params: [p()], bogus: 1 })),
          bad('{ params, lr: -1 }', () => ({ params: [p()], lr: -1 })),
          bad('{ params, momentum: NaN }', () => ({ params: [p()], momentum: Number.NaN })),
        ]),
      ],
      (group: never) => twoGroups().addParamGroup(group),
    ),
    spec('Optimizer#stateDict', 'stateDict', [], () => adam().stateDict()),
    spec(
      'Optimizer#loadStateDict',
      'loadStateDict',
      [
        customParam('stateDict', trainedState, [
          ...wrongTypes(),
          bad('5', () => 5),
          editedState('an extra key', (s) => (s.extra = 1)),
          editedState('one group', (s) => s.paramGroups.pop()),
          editedState('a group without eps', (s) => delete s.paramGroups[0].eps),
          editedState('betas out of range', (s) => (s.paramGroups[1].betas = [1, 0.9])),
          editedState('a buffer of another shape', (s) => (s.state[0].expAvg.shape = [3])),
          editedState('a step of 1.5', (s) => (s.state[1].step = 1.5)),
          editedState('a state for no parameter', (s) => (s.state[9] = s.state[0])),
          editedState('params of the wrong size', (s) => (s.paramGroups[0].params = [0, 1])),
        ]),
      ],
      (state: never) => adam().loadStateDict(state),
    ),
  ];
}

function clipSpecs(): Spec[] {
  return [
    spec(
      'clipGradNorm_',
      'clipGradNorm_',
      [
        clipParameters(),
        numberParam('maxNorm', 1, [-1]),
        numberParam('normType', 2, [0, -1, Number.NEGATIVE_INFINITY], optional),
        optionsParam(
          'options',
          () => ({}),
          { errorIfNonfinite: booleanParam('errorIfNonfinite', true, optional) },
          optional,
        ),
      ],
      nn.clipGradNorm_,
      [() => [p(), Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY], () => [[], 1]],
    ),
    spec(
      'clipGradValue_',
      'clipGradValue_',
      [clipParameters(), numberParam('clipValue', 0.5, [-1])],
      nn.clipGradValue_,
    ),
  ];
}

function scheduleSpecs(): Spec[] {
  const momentum = (name: string, valid: number) =>
    numberParam(name, valid, [-0.1, 1, Number.POSITIVE_INFINITY], optional);
  const positive = (name: string, valid: number) =>
    numberParam(name, valid, [0, -1, Number.POSITIVE_INFINITY], optional);
  return [
    spec(
      'LinearLR',
      'LinearLR',
      [
        optimizerParam(),
        optionsParam(
          'options',
          () => ({}),
          {
            startFactor: numberParam('startFactor', 0.5, [0, 1.5, Number.POSITIVE_INFINITY], optional),
            endFactor: numberParam('endFactor', 1, [-0.5, 1.5, Number.POSITIVE_INFINITY], optional),
            totalIters: integerParam('totalIters', 4, { min: 1, optional: true }),
          },
          optional,
        ),
      ],
      (o: never, s: never) => new nn.LinearLR(o, s),
    ),
    spec(
      'OneCycleLR',
      'OneCycleLR',
      [
        optimizerParam(),
        optionsParam(
          'options',
          () => ({ maxLr: 0.1, totalSteps: 10 }),
          {
            maxLr: customParam('maxLr', () => 0.1, [
              ...wrongTypes(),
              bad('0', () => 0),
              bad('NaN', () => Number.NaN),
              bad('[0.1]', () => [0.1]),
              bad("'0.1'", () => '0.1'),
            ]),
            totalSteps: integerParam('totalSteps', 10, { min: 1, optional: true }),
            pctStart: numberParam('pctStart', 0.3, [0, 1, 1.5], optional),
            annealStrategy: enumParam('annealStrategy', 'linear', optional),
            cycleMomentum: booleanParam('cycleMomentum', false, optional),
            baseMomentum: momentum('baseMomentum', 0.8),
            maxMomentum: momentum('maxMomentum', 0.9),
            divFactor: positive('divFactor', 10),
            finalDivFactor: positive('finalDivFactor', 100),
            threePhase: booleanParam('threePhase', true, optional),
          },
          { required: 'maxLr' },
        ),
      ],
      (o: never, s: never) => new nn.OneCycleLR(o, s),
      [() => [twoGroups(), { maxLr: [0.1, 0.2], epochs: 2, stepsPerEpoch: 5 }]],
    ),
    spec(
      'ReduceLROnPlateau',
      'ReduceLROnPlateau',
      [
        optimizerParam(),
        optionsParam(
          'options',
          () => ({}),
          {
            mode: enumParam('mode', 'max', optional),
            factor: numberParam('factor', 0.5, [1, -0.1, Number.POSITIVE_INFINITY], optional),
            patience: integerParam('patience', 2, { min: 0, optional: true }),
            threshold: numberParam('threshold', 0.01, [-1, Number.POSITIVE_INFINITY], optional),
            thresholdMode: enumParam('thresholdMode', 'abs', optional),
            cooldown: integerParam('cooldown', 1, { min: 0, optional: true }),
            minLr: customParam('minLr', () => [0.001, 0], [
              ...wrongTypes('undefined'),
              bad('-1', () => -1),
              bad('NaN', () => Number.NaN),
              bad('[0]', () => [0]),
            ]),
            eps: numberParam('eps', 1e-8, [-1, Number.POSITIVE_INFINITY], optional),
          },
          optional,
        ),
      ],
      (o: never, s: never) => new nn.ReduceLROnPlateau(o, s),
    ),
    spec('ReduceLROnPlateau#step', 'step', [numberParam('metric', 0.5, [])], (metric: number) =>
      new nn.ReduceLROnPlateau(twoGroups(), { patience: 0 }).step(metric),
    ),
    spec('ReduceLROnPlateau#getLastLr', 'getLastLr', [], () =>
      new nn.ReduceLROnPlateau(twoGroups()).getLastLr(),
    ),
    spec('LRScheduler#getLastLr', 'getLastLr', [], () =>
      new nn.StepLR(twoGroups(), { stepSize: 1 }).getLastLr(),
    ),
    spec(
      'LRScheduler#lrAt(epoch, group)',
      'lrAt',
      [integerParam('epoch', 3, { min: 0 }), integerParam('group', 1, { min: 0, max: 1, optional: true })],
      (epoch: number, group: number) => new nn.StepLR(twoGroups(), { stepSize: 1 }).lrAt(epoch, group),
    ),
    spec(
      'OneCycleLR#momentumAt',
      'momentumAt',
      [
        integerParam('epoch', 3, { min: 0, max: 10 }),
        integerParam('group', 1, { min: 0, max: 1, optional: true }),
      ],
      (epoch: number, group: number) =>
        new nn.OneCycleLR(twoGroups(), { maxLr: 0.1, totalSteps: 10 }).momentumAt(epoch, group),
    ),
    spec('OneCycleLR#step', 'step', [], () => {
      const schedule = new nn.OneCycleLR(twoGroups(), { maxLr: 0.1, totalSteps: 10 });
      for (let i = 0; i < 10; i++) schedule.step();
    }),
  ];
}

export function nnOptimSpecs(): Spec[] {
  return [...groupSpecs(), ...clipSpecs(), ...scheduleSpecs()];
}
