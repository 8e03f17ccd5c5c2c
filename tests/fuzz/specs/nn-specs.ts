/**
 * A spec for every public function and class of @tapegrad/nn, and the methods of its modules, optimizers
 * and schedules: a valid call and the invalid values of each argument.
 */
import { Rng, type Tensor, tensor, zeros } from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { type Spec, spec } from '../harness/spec.ts';
import {
  axisParam,
  bad,
  booleanParam,
  customParam,
  enumParam,
  functionParam,
  integerParam,
  numberParam,
  optionsParam,
  type Param,
  shapeParam,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

/** nn's exports by name, for the specs made in a loop over names. */
const byName = nn as unknown as Record<string, unknown>;
const rng = () => new Rng(3);
const X = () =>
  tensor([
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ]);
const labels = () => tensor([1, 1, 0, 0]);
const column = () => tensor([[1], [1], [0], [0]]);
const net = () => new nn.TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: rng() });
const mlp = () => new nn.MLP([2, 3, 1], { output: 'sigmoid', rng: rng() });
const params = () => [tensor([1, 2], { requiresGrad: true })];
const dataset = () => ({ X: X(), y: labels() });
const optional = { optional: true } as const;
const rngParam = () => customParam('rng', rng, [...wrongTypes('undefined'), bad('5', () => 5)]);
const reductionOptions = () =>
  optionsParam('options', () => ({}), { reduction: enumParam('reduction', 'mean', optional) }, optional);
/** Class labels; `paired` with another list of labels (accuracy), a shorter list or [] is invalid too. */
const labelList = (name: string, valid: () => unknown, paired = false) =>
  customParam(name, valid, [
    ...wrongTypes(...(paired ? [] : (['array'] as const))),
    bad('5', () => 5),
    bad("['a']", () => ['a', 'b', 'c', 'd']),
    bad('[0.5, ...]', () => [0.5, 1, 0, 0]),
    bad('[-1, ...]', () => [-1, 1, 0, 0]),
    ...(paired ? [bad('[0, 1]', () => [0, 1])] : []),
  ]);
const parameterList = () =>
  customParam('parameters', params, [
    ...wrongTypes(),
    bad('5', () => 5),
    bad('[1]', () => [1]),
    bad('[tensor without grad]', () => [tensor([1])]),
    bad('[{}]', () => [{}]),
  ]);
const lrParam = (optionalLr: boolean) =>
  numberParam('lr', 0.1, [0, -1, Number.POSITIVE_INFINITY], { optional: optionalLr });
const optimizerOptions = (fields: Record<string, Param>, lrOptional = true) =>
  optionsParam(
    'options',
    () => ({ lr: 0.1 }),
    { lr: lrParam(lrOptional), ...fields },
    lrOptional ? optional : { required: 'lr' },
  );
const betas = customParam('betas', () => [0.9, 0.999], [
  ...wrongTypes('undefined'),
  bad('[0.9]', () => [0.9]),
  bad('[0.9, 1]', () => [0.9, 1]),
  bad("['a', 0.9]", () => ['a', 0.9]),
  bad('0.9', () => 0.9),
]);
const nonNegative = (name: string, valid: number) =>
  numberParam(name, valid, [-1, Number.POSITIVE_INFINITY], optional);
const generatorFields = (extra: Record<string, Param> = {}) => ({
  n: integerParam('n', 4, { min: 1, optional: true }),
  noise: nonNegative('noise', 0.1),
  seed: integerParam('seed', 1, optional),
  shuffle: booleanParam('shuffle', true, optional),
  ...extra,
});
const generator = (
  name: string,
  f: (options: never) => unknown,
  extra: Record<string, Param> = {},
  notTaken: string[] = [],
) => {
  const fields: Record<string, Param> = generatorFields(extra);
  for (const key of notTaken) delete fields[key];
  return spec(name, name, [optionsParam('options', () => ({ seed: 1 }), fields, optional)], f);
};
const objectiveOptions = () =>
  optionsParam(
    'options',
    () => ({}),
    { l2: nonNegative('l2', 0.1), loss: enumParam('loss', 'bce', optional) },
    optional,
  );
const netParam = (name: string, valid: () => unknown) =>
  customParam(name, valid, [...wrongTypes(), bad('5', () => 5), bad('Linear', () => new nn.Linear(2, 1))]);
const initShape = () => shapeParam('shape', () => [2, 3]);
const moduleForward = (name: string, make: () => { forward(x: Tensor): Tensor }, input: () => Tensor = X) =>
  spec(`${name}#forward`, 'forward', [tensorParam('input', input)], (x: Tensor) => make().forward(x));
const schedulerOptimizer = () => new nn.SGD(params(), { lr: 1 });
const optimizerParam = () =>
  customParam('optimizer', schedulerOptimizer, [
    ...wrongTypes(),
    bad('5', () => 5),
    bad('{ lr: 1 }', () => ({ lr: 1 })),
  ]);

function moduleSpecs(): Spec[] {
  return [
    spec(
      'Linear',
      'Linear',
      [
        integerParam('inFeatures', 2, { min: 1 }),
        integerParam('outFeatures', 3, { min: 1 }),
        optionsParam(
          'options',
          () => ({ rng: rng() }),
          {
            bias: booleanParam('bias', true, optional),
            init: enumParam('init', 'xavierUniform', optional),
            rng: rngParam(),
          },
          optional,
        ),
      ],
      (a: number, b: number, o: never) => new nn.Linear(a, b, o),
    ),
    moduleForward('Linear', () => new nn.Linear(2, 3, { rng: rng() })),
    spec(
      'Dropout',
      'Dropout',
      [
        numberParam('p', 0.5, [-0.1, 1.1, Number.POSITIVE_INFINITY], optional),
        optionsParam('options', () => ({ rng: rng() }), { rng: rngParam() }, optional),
      ],
      (p: number, o: never) => new nn.Dropout(p, o),
    ),
    moduleForward('Dropout', () => new nn.Dropout(0.5, { rng: rng() })),
    spec(
      'LeakyReLU',
      'LeakyReLU',
      [customParam('negativeSlope', () => 0.1, [...wrongTypes('undefined'), bad("'0.1'", () => '0.1')])],
      (s: number) => new nn.LeakyReLU(s),
    ),
    spec(
      'Softmax',
      'Softmax',
      [axisParam('axis', -1, 2, optional)].map((p) => ({
        ...p,
        bads: p.bads.filter((b) => !['2', '-3'].includes(b.label)),
      })),
      (a: number) => new nn.Softmax(a),
    ),
    ...(['Sigmoid', 'Tanh', 'ReLU', 'LeakyReLU', 'Softmax', 'Identity'] as const).map((name) =>
      moduleForward(name, () => new (byName[name] as new () => { forward(x: Tensor): Tensor })()),
    ),
    // Constructors without arguments: only the valid call.
    ...(['Sigmoid', 'Tanh', 'ReLU', 'Identity'] as const).map((name) =>
      spec(name, name, [], () => new (byName[name] as new () => unknown)()),
    ),
    spec('activationModule', 'activationModule', [enumParam('name', 'tanh')], nn.activationModule),
    spec(
      'Sequential',
      'Sequential',
      [
        customParam('layers', () => new nn.Tanh(), [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('tensor', () => tensor(1)),
        ]),
      ],
      (layer: never) => new nn.Sequential(layer),
    ),
    moduleForward('Sequential', () => new nn.Sequential(new nn.Linear(2, 2, { rng: rng() }), new nn.Tanh())),
    spec(
      'TwoLayerNet',
      'TwoLayerNet',
      [
        optionsParam(
          'options',
          () => ({ inputs: 2, hidden: 3, outputs: 1, rng: rng() }),
          {
            inputs: integerParam('inputs', 2, { min: 1 }),
            hidden: integerParam('hidden', 3, { min: 1 }),
            outputs: integerParam('outputs', 1, { min: 1 }),
            hiddenActivation: enumParam('hiddenActivation', 'relu', optional),
            output: enumParam('output', 'softmax', optional),
            init: enumParam('init', 'xavierNormal', optional),
            rng: rngParam(),
          },
          { required: 'inputs' },
        ),
      ],
      (o: never) => new nn.TwoLayerNet(o),
    ),
    moduleForward('TwoLayerNet', net),
    spec(
      'MLP',
      'MLP',
      [
        customParam('sizes', () => [2, 3, 1], [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('[2]', () => [2]),
          bad('[2, 0]', () => [2, 0]),
          bad("[2, 'a']", () => [2, 'a']),
          bad('[2, 1.5]', () => [2, 1.5]),
        ]),
        optionsParam(
          'options',
          () => ({ rng: rng() }),
          {
            activation: enumParam('activation', 'tanh', optional),
            output: enumParam('output', 'softmax', optional),
            dropout: numberParam('dropout', 0.1, [-0.1, 1.1], optional),
            init: enumParam('init', 'kaimingUniform', optional),
            rng: rngParam(),
          },
          optional,
        ),
      ],
      (sizes: never, o: never) => new nn.MLP(sizes, o),
    ),
    moduleForward('MLP', mlp),
    spec('Module#train', 'train', [booleanParam('mode', true, optional)], (mode: never) => net().train(mode)),
    spec('Module#eval', 'eval', [], () => net().eval()),
    spec('Module#stateDict', 'stateDict', [], () => net().stateDict()),
    spec(
      'Module#loadStateDict',
      'loadStateDict',
      [
        customParam('state', () => net().stateDict(), [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('{ layer1.weight: 5 }', () => ({ ...net().stateDict(), 'layer1.weight': 5 }), 'layer1.weight'),
          bad(
            '{ layer1.weight: zeros([5]) }',
            () => ({ ...net().stateDict(), 'layer1.weight': zeros([5]) }),
            'layer1.weight',
          ),
        ]),
      ],
      (state: never) => net().loadStateDict(state),
    ),
    spec('Module#parameters', 'parameters', [], () => net().parameters()),
    spec('Module#zeroGrad', 'zeroGrad', [], () => net().zeroGrad()),
  ];
}

function optimizerSpecs(): Spec[] {
  return [
    spec(
      'SGD',
      'SGD',
      [
        parameterList(),
        optimizerOptions(
          {
            momentum: nonNegative('momentum', 0.9),
            dampening: numberParam('dampening', 0, [Number.POSITIVE_INFINITY], optional),
            nesterov: booleanParam('nesterov', false, optional),
            weightDecay: nonNegative('weightDecay', 0.01),
          },
          false,
        ),
      ],
      (p: never, o: never) => new nn.SGD(p, o),
    ),
    ...(['Adam', 'AdamW'] as const).map((name) =>
      spec(
        name,
        name,
        [
          parameterList(),
          optimizerOptions({
            betas,
            eps: nonNegative('eps', 1e-8),
            weightDecay: nonNegative('weightDecay', 0.01),
          }),
        ],
        (p: never, o: never) => new (byName[name] as new (p: never, o: never) => unknown)(p, o),
      ),
    ),
    spec(
      'RMSProp',
      'RMSProp',
      [
        parameterList(),
        optimizerOptions({
          alpha: numberParam('alpha', 0.99, [-1, 1.5, Number.POSITIVE_INFINITY], optional),
          eps: nonNegative('eps', 1e-8),
          momentum: nonNegative('momentum', 0.9),
          weightDecay: nonNegative('weightDecay', 0.01),
        }),
      ],
      (p: never, o: never) => new nn.RMSProp(p, o),
    ),
    spec(
      'createOptimizer',
      'createOptimizer',
      [enumParam('name', 'adam'), parameterList(), optimizerOptions({}, true)],
      nn.createOptimizer,
    ),
    spec('Optimizer#step', 'step', [], () => {
      const p = params();
      const optimizer = new nn.Adam(p);
      p[0]!.square().sum().backward();
      optimizer.step();
    }),
    spec('Optimizer#zeroGrad', 'zeroGrad', [], () => new nn.Adam(params()).zeroGrad()),
    spec(
      'StepLR',
      'StepLR',
      [
        optimizerParam(),
        optionsParam(
          'options',
          () => ({ stepSize: 2 }),
          {
            stepSize: integerParam('stepSize', 2, { min: 1 }),
            gamma: numberParam('gamma', 0.5, [0, Number.POSITIVE_INFINITY], optional),
          },
          { required: 'stepSize' },
        ),
      ],
      (o: never, s: never) => new nn.StepLR(o, s),
    ),
    spec(
      'ExponentialLR',
      'ExponentialLR',
      [
        optimizerParam(),
        optionsParam(
          'options',
          () => ({ gamma: 0.5 }),
          {
            gamma: numberParam('gamma', 0.5, [0, Number.POSITIVE_INFINITY]),
          },
          { required: 'gamma' },
        ),
      ],
      (o: never, s: never) => new nn.ExponentialLR(o, s),
    ),
    spec(
      'CosineAnnealingLR',
      'CosineAnnealingLR',
      [
        optimizerParam(),
        optionsParam(
          'options',
          () => ({ tMax: 4 }),
          {
            tMax: integerParam('tMax', 4, { min: 1 }),
            etaMin: nonNegative('etaMin', 0),
          },
          { required: 'tMax' },
        ),
      ],
      (o: never, s: never) => new nn.CosineAnnealingLR(o, s),
    ),
    spec('LRScheduler#step', 'step', [], () => new nn.StepLR(schedulerOptimizer(), { stepSize: 1 }).step()),
    spec('LRScheduler#lrAt', 'lrAt', [integerParam('epoch', 3, { min: 0 })], (epoch: number) =>
      new nn.StepLR(schedulerOptimizer(), { stepSize: 1 }).lrAt(epoch),
    ),
  ];
}

function lossSpecs(): Spec[] {
  const probabilities = () => tensor([[0.9], [0.8], [0.2], [0.1]]);
  const logits = () =>
    tensor([
      [1, 2],
      [0, 1],
      [3, 0],
      [1, 1],
    ]);
  return [
    spec(
      'binaryCrossEntropy',
      'binaryCrossEntropy',
      [
        tensorParam('probabilities', probabilities, [bad('zeros([3])', () => zeros([3]), '[3]')]),
        tensorParam('targets', column, [bad('zeros([3])', () => zeros([3]), '[3]')]),
        reductionOptions(),
      ],
      nn.binaryCrossEntropy,
    ),
    spec(
      'bceWithLogits',
      'bceWithLogits',
      [
        tensorParam('logits', probabilities),
        tensorParam('targets', column, [bad('zeros([3])', () => zeros([3]), '[3]')]),
        reductionOptions(),
      ],
      nn.bceWithLogits,
    ),
    spec(
      'crossEntropy',
      'crossEntropy',
      [
        tensorParam('logits', logits, [bad('zeros([4])', () => zeros([4]), '[4]')]),
        labelList('targets', () => [0, 1, 0, 1], true),
        reductionOptions(),
      ],
      nn.crossEntropy,
    ),
    spec(
      'nllLoss',
      'nllLoss',
      [
        tensorParam('logProbs', logits, [bad('zeros([4])', () => zeros([4]), '[4]')]),
        labelList('labels', () => [0, 1, 0, 1], true),
        reductionOptions(),
      ],
      nn.nllLoss,
    ),
    spec(
      'mse',
      'mse',
      [
        tensorParam('prediction', column),
        tensorParam('target', column, [bad('zeros([3])', () => zeros([3]), '[3]')]),
        reductionOptions(),
      ],
      nn.mse,
    ),
    spec(
      'l2Penalty',
      'l2Penalty',
      [
        customParam('weights', () => [tensor([1, 2])], [
          ...wrongTypes('array'),
          bad('5', () => 5),
          bad('[1]', () => [1]),
        ]),
        numberParam('lambda', 0.1, [-1, Number.POSITIVE_INFINITY]),
      ],
      nn.l2Penalty,
    ),
    spec('lossFor', 'lossFor', [enumParam('output', 'sigmoid')], nn.lossFor),
    spec('weightsOf', 'weightsOf', [netParam('net', net)], nn.weightsOf),
    spec(
      'objective',
      'objective',
      [netParam('net', net), tensorParam('X', X), tensorParam('y', column), objectiveOptions()],
      nn.objective,
    ),
  ];
}

function manualSpecs(): Spec[] {
  return [
    ...(['manualGradients', 'manualBackprop', 'autogradGradients'] as const).map((name) =>
      spec(
        name,
        name,
        [
          netParam('net', net),
          tensorParam('X', X, [bad('zeros([4, 3])', () => zeros([4, 3]), '[4,3]')]),
          tensorParam('y', column, [bad('zeros([3, 1])', () => zeros([3, 1]), '[3,1]')]),
          objectiveOptions(),
        ],
        byName[name] as (...args: never[]) => unknown,
      ),
    ),
    spec(
      'manualMlpGradients',
      'manualMlpGradients',
      [netParam('mlp', mlp), tensorParam('X', X), tensorParam('y', column), objectiveOptions()],
      nn.manualMlpGradients,
    ),
    spec(
      'compareGradients',
      'compareGradients',
      [
        customParam('a', () => ({ w: tensor([1]) }), [
          ...wrongTypes('object', 'array'),
          bad('5', () => 5),
          bad('{ w: 5 }', () => ({ w: 5 }), 'w'),
        ]),
        customParam('b', () => ({ w: tensor([1]) }), [
          ...wrongTypes('object', 'array'),
          bad('5', () => 5),
          bad('{ w: zeros([2]) }', () => ({ w: zeros([2]) }), 'w'),
        ]),
        optionsParam(
          'options',
          () => ({}),
          { atol: nonNegative('atol', 1e-6), rtol: nonNegative('rtol', 1e-6) },
          optional,
        ),
      ],
      nn.compareGradients,
    ),
    spec(
      'finiteDifferences',
      'finiteDifferences',
      [
        functionParam('cost', () => () => 1),
        customParam('named', () => [['w', tensor([1, 2])]], [
          ...wrongTypes('array'),
          bad('5', () => 5),
          bad("[['w', 5]]", () => [['w', 5]]),
        ]),
        numberParam('eps', 1e-6, [0, -1, Number.POSITIVE_INFINITY], optional),
      ],
      nn.finiteDifferences,
    ),
  ];
}

function dataSpecs(): Spec[] {
  return [
    generator('moons', nn.moons),
    generator('xor', nn.xor),
    generator('circles', nn.circles, { factor: numberParam('factor', 0.5, [1, -1], optional) }),
    generator('spirals', nn.spirals, { classes: integerParam('classes', 2, { min: 1, optional: true }) }),
    generator('blobs', nn.blobs, { features: integerParam('features', 2, { min: 1, optional: true }) }, [
      'noise',
    ]),
    generator('linearlySeparable', nn.linearlySeparable, { margin: nonNegative('margin', 0.1) }),
    spec(
      'makeDataset',
      'makeDataset',
      [
        customParam(
          'rows',
          () => [
            [0, 1],
            [1, 0],
          ],
          [
            ...wrongTypes('array'),
            bad('5', () => 5),
            bad('[[0, 1], [1]]', () => [[0, 1], [1]]),
            bad("[['a', 1], [1, 0]]", () => [
              ['a', 1],
              [1, 0],
            ]),
            bad('[5, 6]', () => [5, 6]),
          ],
        ),
        customParam('targets', () => [0, 1], [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('[0]', () => [0]),
          bad("['a', 'b']", () => ['a', 'b']),
        ]),
      ],
      nn.makeDataset,
    ),
    spec(
      'numExamples',
      'numExamples',
      [customParam('dataset', dataset, [...wrongTypes(), bad('5', () => 5)])],
      nn.numExamples,
    ),
    spec(
      'selectRows',
      'selectRows',
      [
        customParam('dataset', dataset, [...wrongTypes(), bad('5', () => 5)]),
        customParam('indices', () => [1, 0], [
          ...wrongTypes('array'),
          bad('5', () => 5),
          bad('[9]', () => [9]),
          bad('[0.5]', () => [0.5]),
          bad("['a']", () => ['a']),
        ]),
      ],
      nn.selectRows,
    ),
    spec(
      'trainTestSplit',
      'trainTestSplit',
      [
        customParam('dataset', () => nn.moons({ n: 20, seed: 1 }), [...wrongTypes(), bad('5', () => 5)]),
        optionsParam(
          'options',
          () => ({ rng: rng() }),
          {
            testFraction: numberParam('testFraction', 0.25, [0, 1, -1], optional),
            stratify: booleanParam('stratify', true, optional),
            rng: rngParam(),
          },
          optional,
        ),
      ],
      nn.trainTestSplit,
    ),
    spec(
      'fitStandardizer',
      'fitStandardizer',
      [tensorParam('X', X, [bad('zeros([3])', () => zeros([3]), '[3]')])],
      nn.fitStandardizer,
    ),
    spec(
      'Standardizer#transform',
      'transform',
      [tensorParam('X', X, [bad('zeros([4, 3])', () => zeros([4, 3]), '[4,3]')])],
      (x: Tensor) => nn.fitStandardizer(X()).transform(x),
    ),
    // Its errors name the statistics' source ('standardizer' by default), as a run's config.json.
    spec(
      'standardizerFromStats',
      'standardizer',
      [
        customParam('mean', () => [0, 1], [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('[0]', () => [0]),
          bad("['a', 1]", () => ['a', 1]),
        ]),
        customParam('std', () => [1, 2], [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('[0, 1]', () => [0, 1]),
          bad('[NaN, 1]', () => [Number.NaN, 1]),
        ]),
      ],
      (mean: never, std: never) => nn.standardizerFromStats(mean, std),
    ),
    spec(
      'oneHot',
      'oneHot',
      [labelList('labels', labels), integerParam('numClasses', 2, { min: 1, optional: true })],
      nn.oneHot,
    ),
    spec('toBinaryTargets', 'toBinaryTargets', [labelList('labels', labels)], nn.toBinaryTargets),
    spec(
      'classCounts',
      'classCounts',
      [labelList('labels', labels), integerParam('numClasses', 2, { min: 1, optional: true })],
      nn.classCounts,
    ),
    spec(
      'parseCsv',
      'parseCsv',
      [
        customParam('text', () => 'a,b,label\n1,2,x\n3,4,y\n', [...wrongTypes(), bad('5', () => 5)]),
        optionsParam(
          'options',
          () => ({ target: 'label' }),
          {
            target: customParam('target', () => 'label', [
              ...wrongTypes(),
              bad('5', () => 5),
              bad("'missing'", () => 'missing'),
            ]),
          },
          { required: 'target', unknownKeys: false },
        ),
      ],
      nn.parseCsv,
    ),
  ];
}

function initSpecs(): Spec[] {
  return [
    ...(['xavierUniform', 'xavierNormal'] as const).map((name) =>
      spec(
        name,
        name,
        [initShape(), rngParam(), numberParam('gain', 1, [Number.POSITIVE_INFINITY], optional)],
        byName[name] as (...args: never[]) => unknown,
      ),
    ),
    ...(['kaimingUniform', 'kaimingNormal'] as const).map((name) =>
      spec(name, name, [initShape(), rngParam()], byName[name] as (...args: never[]) => unknown),
    ),
    spec(
      'pytorchDefault',
      'pytorchDefault',
      [initShape(), integerParam('fanIn', 2, { min: 1 }), rngParam()],
      nn.pytorchDefault,
    ),
    spec(
      'initLinear',
      'initLinear',
      [
        integerParam('fanIn', 2, { min: 1 }),
        integerParam('fanOut', 3, { min: 1 }),
        enumParam('init', 'pytorch'),
        rngParam(),
      ],
      nn.initLinear,
    ),
    spec('manualSeed', 'manualSeed', [integerParam('seed', 5)], nn.manualSeed),
    spec('defaultRng', 'defaultRng', [], nn.defaultRng),
  ];
}

function trainSpecs(): Spec[] {
  const fitOptions = () =>
    optionsParam(
      'options',
      () => ({ epochs: 1, lr: 0.1 }),
      {
        epochs: integerParam('epochs', 2, { min: 1, optional: true }),
        batchSize: integerParam('batchSize', 2, { min: 1, optional: true }),
        lr: lrParam(true),
        l2: nonNegative('l2', 0.1),
        shuffle: booleanParam('shuffle', false, optional),
        targetLoss: numberParam('targetLoss', 0.1, [], optional),
        validationSplit: numberParam('validationSplit', 0.5, [0, 1, -1], optional),
        gradients: enumParam('gradients', 'manual', optional),
        loss: customParam('loss', () => 'bce', [
          bad("'bogus'", () => 'bogus'),
          bad('5', () => 5),
          bad('null', () => null),
          bad('{}', () => ({})),
        ]),
      },
      optional,
    );
  return [
    spec(
      'fit',
      'fit',
      [
        netParam('model', net),
        customParam('data', dataset, [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('{ X }', () => ({ X: X() }), 'y'),
        ]),
        fitOptions(),
      ],
      nn.fit,
    ),
    spec(
      'evaluate',
      'evaluate',
      [
        netParam('model', net),
        customParam('data', dataset, [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('{ X }', () => ({ X: X() }), 'y'),
        ]),
        optionsParam('options', () => ({}), { l2: nonNegative('l2', 0.1) }, optional),
      ],
      nn.evaluate,
    ),
    spec(
      'accuracy',
      'accuracy',
      [labelList('predictions', () => [1, 0, 0, 0], true), labelList('labels', labels, true)],
      nn.accuracy,
    ),
    spec(
      'confusionMatrix',
      'confusionMatrix',
      [
        labelList('predictions', () => [1, 0, 0, 0], true),
        labelList('labels', labels, true),
        integerParam('numClasses', 2, { min: 1, optional: true }),
      ],
      nn.confusionMatrix,
    ),
    spec(
      'precisionRecallF1',
      'precisionRecallF1',
      [
        labelList('predictions', () => [1, 0, 0, 0], true),
        labelList('labels', labels, true),
        integerParam('numClasses', 2, { min: 1, optional: true }),
      ],
      nn.precisionRecallF1,
    ),
    spec(
      'classificationReport',
      'classificationReport',
      [
        labelList('predictions', () => [1, 0, 0, 0], true),
        labelList('labels', labels, true),
        optionsParam(
          'options',
          () => ({}),
          { numClasses: integerParam('numClasses', 2, { min: 1, optional: true }) },
          optional,
        ),
      ],
      nn.classificationReport,
    ),
    spec(
      'classScores',
      'classScores',
      [
        customParam(
          'confusion',
          () => [
            [1, 0],
            [0, 1],
          ],
          [
            ...wrongTypes('array'),
            bad('5', () => 5),
            bad('[[1, 0], [1]]', () => [[1, 0], [1]]),
            bad("[['a']]", () => [['a']]),
          ],
        ),
      ],
      nn.classScores,
    ),
    spec(
      'predictClasses',
      'predictClasses',
      [
        tensorParam('values', column),
        enumParam('output', 'sigmoid'),
        optionsParam('options', () => ({}), { logits: booleanParam('logits', true, optional) }, optional),
      ],
      nn.predictClasses,
    ),
    spec(
      'classProbabilities',
      'classProbabilities',
      [tensorParam('values', column), enumParam('output', 'sigmoid')],
      nn.classProbabilities,
    ),
  ];
}

function ioSpecs(): Spec[] {
  return [
    spec('networkConfig', 'networkConfig', [netParam('net', net)], nn.networkConfig),
    spec(
      'buildNetwork',
      'buildNetwork',
      [
        customParam('config', () => nn.networkConfig(net()), [...wrongTypes(), bad('5', () => 5)]),
        enumParam('init', 'pytorch', optional),
      ],
      nn.buildNetwork,
    ),
    spec('modelToJson', 'modelToJson', [netParam('net', net)], nn.modelToJson),
    // Its errors name the file's source ('model' by default), as the CLI passes a path, and call the data
    // argument what it must be: the model file.
    spec(
      'modelFromJson',
      'model',
      [
        customParam(
          'data',
          () => nn.modelToJson(net()),
          [...wrongTypes(), bad('5', () => 5)].map((b) => ({ ...b, mention: 'model file' })),
        ),
      ],
      nn.modelFromJson,
    ),
  ];
}

/** Every nn spec. */
export function nnSpecs(): Spec[] {
  return [
    ...moduleSpecs(),
    ...optimizerSpecs(),
    ...lossSpecs(),
    ...manualSpecs(),
    ...dataSpecs(),
    ...initSpecs(),
    ...trainSpecs(),
    ...ioSpecs(),
  ];
}
