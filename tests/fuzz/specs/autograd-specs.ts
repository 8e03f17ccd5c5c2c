/**
 * A spec for every public function of @tapegrad/autograd and every Tensor method: a valid call and the
 * invalid values of each argument. Methods come from the function of the same name, less its first
 * argument (`a.add(b)` is `add(a, b)`), unless they differ.
 */
import * as autograd from '@tapegrad/autograd';
import { type Tensor, tensor } from '@tapegrad/autograd';
import { type Spec, spec } from '../harness/spec.ts';
import {
  axesParam,
  axisParam,
  bad,
  booleanParam,
  customParam,
  functionParam,
  integerParam,
  numberParam,
  optionsParam,
  type Param,
  shapeParam,
  tensorLikeParam,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

const { ones, zeros } = autograd;
const matrix = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const row = () => tensor([1, 2, 3]);
const leaf = () => tensor([1, 2, 3], { requiresGrad: true });
const scalarLoss = () => leaf().square().sum();
const input = (extra: ReturnType<typeof bad>[] = []) => tensorParam('input', matrix, extra);
const keepdims = booleanParam('keepdims', false, { optional: true });
const createOptions = (extra: Record<string, Param> = {}) =>
  optionsParam(
    'options',
    () => ({ requiresGrad: false }),
    { requiresGrad: booleanParam('requiresGrad', true, { optional: true }), ...extra },
    { optional: true },
  );
// rand and randn take no rng (the global generator) as well: optional for them, not for uniform.
const rngParam = (optional = false) =>
  customParam('rng', () => new autograd.Rng(1), [
    ...wrongTypes(...(optional ? (['undefined'] as const) : [])),
    bad('5', () => 5),
    bad('{ random() }', () => ({ random: () => 0.5 })),
  ]);
const wrongShape = (shape: number[]) => bad(`zeros([${shape}])`, () => zeros(shape), `[${shape.join(',')}]`);
const reshapeShape = () => {
  const shape = shapeParam('shape', () => [3, 2]);
  return customParam('shape', shape.valid, [
    ...shape.bads.filter((value) => value.label !== '[-1]'),
    bad('[-1, -1]', () => [-1, -1]),
    bad('[7]', () => [7], '[7]'),
  ]);
};
const tensorList = (name: string) =>
  customParam(name, () => [matrix(), matrix()], [
    ...wrongTypes(),
    bad('5', () => 5),
    bad('[1, 2]', () => [1, 2]),
    bad("[matrix, 'a']", () => [matrix(), 'a']),
    bad('[matrix, zeros([4, 4])]', () => [matrix(), zeros([4, 4])], '[4,4]'),
  ]);
const tensorFunction = () => functionParam('f', () => (t: Tensor) => t.square().sum());
const argnums = customParam('argnums', () => 0, [
  ...wrongTypes('undefined'),
  bad('1.5', () => 1.5),
  bad('-1', () => -1),
  bad('5', () => 5),
  bad("['a']", () => ['a']),
  bad('NaN', () => Number.NaN),
]);
const sliceRanges = customParam('ranges', () => [null, { start: 1 }], [
  ...wrongTypes('array'),
  bad('5', () => 5),
  bad("['a']", () => ['a']),
  bad('[true]', () => [true]),
  bad("[{ start: 'a' }]", () => [{ start: 'a' }], 'start'),
  bad('[{ stop: 1.5 }]', () => [{ stop: 1.5 }], 'stop'),
  bad('[{ step: 0 }]', () => [{ step: 0 }], 'step'),
  bad('[{ step: NaN }]', () => [{ step: Number.NaN }], 'step'),
  bad('[{ bogusKey: 1 }]', () => [{ bogusKey: 1 }], 'bogusKey'),
  bad('[null, null, null]', () => [null, null, null]),
]);
const indexParam = (name: string, valid: () => unknown, extra: ReturnType<typeof bad>[]) =>
  customParam(name, valid, [...wrongTypes('array'), bad('5', () => 5), bad("['a']", () => ['a']), ...extra]);
const backwardOptions = (name: string) =>
  optionsParam(
    name,
    () => ({}),
    { createGraph: booleanParam('createGraph', false, { optional: true }) },
    { optional: true },
  );
const gradcheckFields = () => ({
  eps: numberParam('eps', 1e-6, [0, -1, Number.POSITIVE_INFINITY], { optional: true }),
  atol: numberParam('atol', 1e-5, [-1, Number.POSITIVE_INFINITY], { optional: true }),
  rtol: numberParam('rtol', 1e-3, [-1, Number.POSITIVE_INFINITY], { optional: true }),
  throwOnFailure: booleanParam('throwOnFailure', false, { optional: true }),
});

const UNARY = [
  'abs',
  'exp',
  'log',
  'relu',
  'sigmoid',
  'sign',
  'softplus',
  'sqrt',
  'square',
  'tanh',
  'neg',
  'clone',
] as const;
const BINARY = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'gt', 'ge', 'lt', 'le', 'eq'] as const;
const REDUCTIONS = ['sum', 'mean', 'max', 'min', 'logsumexp'] as const;

type Fn = (...args: never[]) => unknown;
const fns = autograd as unknown as Record<string, Fn>;

/** Specs of functions whose first argument is the tensor `input`: the method form follows from them. */
function tensorFunctionSpecs(): Spec[] {
  return [
    ...UNARY.map((name) => spec(name, name, [input()], fns[name]!)),
    ...BINARY.map((name) =>
      spec(
        name,
        name,
        [
          tensorLikeParam('input', matrix),
          {
            ...tensorLikeParam('other', row),
            bads: [...tensorLikeParam('other', row).bads, wrongShape([4])],
          },
        ],
        fns[name]!,
        [() => [matrix(), 2], () => [2, matrix()], () => [2, 3]],
      ),
    ),
    spec(
      'pow',
      'pow',
      [tensorLikeParam('input', matrix), tensorLikeParam('exponent', () => 2)],
      autograd.pow,
      [() => [matrix(), row()], () => [2, matrix()]],
    ),
    spec(
      'leakyRelu',
      'leakyRelu',
      [
        input(),
        customParam('negativeSlope', () => 0.1, [...wrongTypes('undefined'), bad("'0.1'", () => '0.1')]),
      ],
      autograd.leakyRelu,
    ),
    spec(
      'clamp',
      'clamp',
      [
        input(),
        tensorLikeParam('min', () => 0, { optional: true, nullable: true }),
        tensorLikeParam('max', () => 4, { optional: true, nullable: true }),
      ],
      autograd.clamp,
      [() => [matrix(), null, 4], () => [matrix(), 1], () => [matrix(), row(), row()]],
    ),
    ...REDUCTIONS.map((name) =>
      spec(name, name, [input(), axesParam('axis', 1, 2), keepdims], fns[name]!, [
        () => [matrix()],
        () => [matrix(), [0, 1], true],
      ]),
    ),
    ...(['argmax', 'argmin'] as const).map((name) =>
      spec(name, name, [input(), axisParam('axis', 1, 2, { optional: true }), keepdims], fns[name]!, [
        () => [matrix()],
      ]),
    ),
    ...(['softmax', 'logSoftmax'] as const).map((name) =>
      spec(name, name, [input(), axisParam('axis', 1, 2, { optional: true })], fns[name]!),
    ),
    spec(
      'matmul',
      'matmul',
      [input(), tensorParam('other', () => ones([3, 2]), [wrongShape([4, 5])])],
      autograd.matmul,
    ),
    spec(
      'addmm',
      'addmm',
      [
        tensorParam('input', row, [wrongShape([5])]),
        tensorParam('mat1', matrix, [wrongShape([2, 5])]),
        tensorParam('mat2', () => ones([3, 3]), [wrongShape([4, 3])]),
      ],
      autograd.addmm,
    ),
    spec(
      'transpose',
      'transpose',
      [input(), axisParam('dim0', 0, 2, { optional: true }), axisParam('dim1', 1, 2, { optional: true })],
      autograd.transpose,
    ),
    spec(
      'permute',
      'permute',
      [
        input(),
        customParam('dims', () => [1, 0], [
          ...wrongTypes('array'),
          bad('[0]', () => [0]),
          bad('[0, 0]', () => [0, 0]),
          bad("['a', 0]", () => ['a', 0]),
          bad('[5, 0]', () => [5, 0]),
          bad('[0.5, 1]', () => [0.5, 1]),
        ]),
      ],
      autograd.permute,
    ),
    spec('reshape', 'reshape', [input(), reshapeShape()], autograd.reshape, [() => [matrix(), [-1]]]),
    spec(
      'flatten',
      'flatten',
      [
        input(),
        axisParam('startDim', 0, 2, { optional: true }),
        axisParam('endDim', 1, 2, { optional: true }),
      ],
      autograd.flatten,
    ),
    spec('squeeze', 'squeeze', [input(), axisParam('axis', 0, 2, { optional: true })], autograd.squeeze),
    spec('unsqueeze', 'unsqueeze', [input(), axisParam('axis', 0, 3)], autograd.unsqueeze),
    spec(
      'broadcastTo',
      'broadcastTo',
      [
        input(),
        {
          ...shapeParam('shape', () => [4, 2, 3]),
          bads: [...shapeParam('shape', () => [4, 2, 3]).bads, bad('[5]', () => [5], '[5]')],
        },
      ],
      autograd.broadcastTo,
    ),
    spec('slice', 'slice', [input(), sliceRanges], autograd.slice),
    spec(
      'gather',
      'gather',
      [
        input(),
        axisParam('axis', 1, 2),
        indexParam('index', () => tensor([[0], [2]]), [
          bad('tensor([[5], [0]])', () => tensor([[5], [0]])),
          bad('tensor([[0.5], [0]])', () => tensor([[0.5], [0]])),
          bad('tensor([0, 1])', () => tensor([0, 1]), '[2]'),
        ]),
      ],
      autograd.gather,
    ),
    spec(
      'indexSelect',
      'indexSelect',
      [
        input(),
        axisParam('axis', 1, 2),
        indexParam('indices', () => [2, 0], [
          bad('[5]', () => [5]),
          bad('[0.5]', () => [0.5]),
          bad('[[0]]', () => [[0]]),
        ]),
      ],
      autograd.indexSelect,
    ),
  ];
}

/** `a.add(b)` from `add(a, b)`: the same arguments but the first, on a receiver made by that argument. */
function methodSpec(functionSpec: Spec): Spec {
  const [receiver, ...rest] = functionSpec.params;
  return {
    id: `Tensor#${functionSpec.id}`,
    fn: functionSpec.fn,
    params: rest,
    call: (...args) => {
      const self = receiver!.valid() as Record<string, (...a: unknown[]) => unknown>;
      return self[functionSpec.id]!(...args);
    },
  };
}

function otherMethodSpecs(): Spec[] {
  return [
    spec('Tensor#item', 'item', [], () => tensor([7]).item()),
    spec('Tensor#toArray', 'toArray', [], () => matrix().toArray()),
    spec('Tensor#numel', 'numel', [], () => matrix().numel()),
    spec('Tensor#toJSON', 'toJSON', [], () => matrix().toJSON()),
    spec('Tensor#dim', 'dim', [], () => matrix().dim()),
    spec('Tensor#size', 'size', [axisParam('dim', -1, 2, { optional: true })], (dim?: number) =>
      dim === undefined ? matrix().size() : matrix().size(dim),
    ),
    spec('Tensor#toString', 'toString', [], () => matrix().toString()),
    spec('Tensor#detach', 'detach', [], () => leaf().detach()),
    spec('Tensor#retainGrad', 'retainGrad', [], () => leaf().mul(2).retainGrad()),
    spec('Tensor#zeroGrad', 'zeroGrad', [], () => leaf().zeroGrad()),
    spec('Tensor#requiresGrad', 'requiresGrad', [booleanParam('requiresGrad', true)], (flag: boolean) => {
      matrix().requiresGrad = flag;
    }),
    spec(
      'Tensor#backward',
      'backward',
      [
        customParam('seed', () => undefined, [
          bad("'abc'", () => 'abc'),
          bad('5', () => 5),
          bad('null', () => null),
          bad('true', () => true),
          bad('[]', () => []),
          bad('() => 0', () => () => 0),
          bad('zeros([3])', () => zeros([3]), '[3]'),
          bad('{ bogusKey: 1 }', () => ({ bogusKey: 1 }), 'bogusKey'),
          bad("{ createGraph: 'yes' }", () => ({ createGraph: 'yes' }), 'createGraph'),
        ]),
        backwardOptions('options'),
      ],
      (seed: never, options: never) => scalarLoss().backward(seed, options),
      [() => [autograd.tensor(1)], () => [{ createGraph: true }]],
    ),
  ];
}

function otherFunctionSpecs(): Spec[] {
  const fromTensorOptions = () =>
    optionsParam(
      'options',
      () => ({ requiresGrad: false }),
      {
        requiresGrad: booleanParam('requiresGrad', true, { optional: true }),
        shape: {
          ...shapeParam('shape', () => [3], { optional: true }),
          bads: [...shapeParam('shape', () => [3], { optional: true }).bads, bad('[5]', () => [5], '[5]')],
        },
      },
      { optional: true },
    );
  return [
    spec(
      'sumToShape',
      'sumToShape',
      [
        tensorParam('gradient', matrix),
        {
          ...shapeParam('shape', () => [3]),
          bads: [...shapeParam('shape', () => [3]).bads, bad('[4]', () => [4], '[4]')],
        },
      ],
      autograd.sumToShape,
    ),
    spec(
      'where',
      'where',
      [
        tensorLikeParam('condition', () => tensor([1, 0, 1])),
        tensorLikeParam('input', matrix),
        tensorLikeParam('other', () => 0),
      ],
      autograd.where,
    ),
    spec(
      'concat',
      'concat',
      [tensorList('tensors'), axisParam('axis', 0, 2, { optional: true })],
      autograd.concat,
    ),
    spec('cat', 'concat', [tensorList('tensors'), axisParam('axis', 0, 2, { optional: true })], autograd.cat),
    spec(
      'stack',
      'stack',
      [tensorList('tensors'), axisParam('axis', 0, 3, { optional: true })],
      autograd.stack,
    ),
    spec(
      'matmulTransposeA',
      'matmulTransposeA',
      [tensorParam('input', matrix), tensorParam('other', () => ones([2, 4]), [wrongShape([4, 5])])],
      autograd.matmulTransposeA,
    ),
    spec(
      'matmulTransposeB',
      'matmulTransposeB',
      [tensorParam('input', matrix), tensorParam('other', () => ones([4, 3]), [wrongShape([4, 5])])],
      autograd.matmulTransposeB,
    ),
    // broadcastShapes reports a bad shape under the name of the op it is given ('example').
    spec(
      'broadcastShapes',
      'example',
      [
        customParam(
          'op',
          () => 'example',
          [...wrongTypes().filter((b) => b.label !== "'abc'"), bad('5', () => 5)].map((b) => ({
            ...b,
            fn: 'broadcastShapes',
          })),
        ),
        shapeParam('shapes', () => [2, 3]),
        {
          ...shapeParam('shapes', () => [3]),
          bads: [...shapeParam('shapes', () => [3]).bads, bad('[4]', () => [4], '[4]')],
        },
      ],
      autograd.broadcastShapes,
    ),
    spec(
      'tensor',
      'tensor',
      [
        customParam('values', () => [1, 2, 3], [
          ...wrongTypes('array'),
          bad('[[1, 2], [3]]', () => [[1, 2], [3]]),
          bad("['a']", () => ['a']),
          bad('[null]', () => [null]),
          bad('[true]', () => [true]),
          bad('Float32Array', () => Float32Array.of(1)),
        ]),
        fromTensorOptions(),
      ],
      autograd.tensor,
      [() => [3.5], () => [[Number.NaN]], () => [Float64Array.of(1, 2, 3)]],
    ),
    spec(
      'asTensor',
      'asTensor',
      [
        customParam('data', () => Float64Array.of(1, 2, 3), [
          ...wrongTypes(),
          bad('[1, 2, 3]', () => [1, 2, 3]),
          bad('Float32Array', () => Float32Array.of(1)),
        ]),
        fromTensorOptions(),
      ],
      autograd.asTensor,
    ),
    ...(['zeros', 'ones'] as const).map((name) =>
      spec(name, name, [shapeParam('shape', () => [2, 3]), createOptions()], fns[name]!),
    ),
    spec(
      'full',
      'full',
      [
        shapeParam('shape', () => [2]),
        customParam('value', () => 7, [...wrongTypes(), bad("'7'", () => '7')]),
        createOptions(),
      ],
      autograd.full,
      [() => [[2], Number.NaN]],
    ),
    ...(['zerosLike', 'onesLike'] as const).map((name) =>
      spec(name, name, [input(), createOptions()], fns[name]!),
    ),
    spec(
      'eye',
      'eye',
      [integerParam('n', 2, { min: 0 }), integerParam('m', 3, { min: 0, optional: true }), createOptions()],
      autograd.eye,
    ),
    spec(
      'arange',
      'arange',
      [
        numberParam('start', 0, [Number.POSITIVE_INFINITY]),
        numberParam('end', 4, [Number.POSITIVE_INFINITY], { optional: true }),
        numberParam('step', 1, [0, Number.POSITIVE_INFINITY], { optional: true }),
        createOptions(),
      ],
      autograd.arange,
      [() => [4], () => [5, 0, -2]],
    ),
    spec(
      'linspace',
      'linspace',
      [
        numberParam('start', 0, [Number.POSITIVE_INFINITY]),
        numberParam('end', 1, [Number.POSITIVE_INFINITY]),
        integerParam('steps', 5, { min: 0 }),
        createOptions(),
      ],
      autograd.linspace,
    ),
    spec('Rng', 'Rng', [integerParam('seed', 1)], (seed: number) => new autograd.Rng(seed), [() => [-3]]),
    spec('Rng#random', 'random', [], () => new autograd.Rng(1).random()),
    spec('Rng#normal', 'normal', [], () => new autograd.Rng(1).normal()),
    spec('Rng#integer', 'integer', [integerParam('n', 3, { min: 1 })], (n: number) =>
      new autograd.Rng(1).integer(n),
    ),
    spec('Rng#permutation', 'permutation', [integerParam('n', 3, { min: 0 })], (n: number) =>
      new autograd.Rng(1).permutation(n),
    ),
    spec(
      'Rng#rand',
      'rand',
      [shapeParam('shape', () => [2]), createOptions()],
      (shape: never, options: never) => new autograd.Rng(1).rand(shape, options),
    ),
    spec(
      'Rng#randn',
      'randn',
      [shapeParam('shape', () => [2]), createOptions()],
      (shape: never, options: never) => new autograd.Rng(1).randn(shape, options),
    ),
    spec(
      'Rng#uniform',
      'uniform',
      [
        shapeParam('shape', () => [2]),
        numberParam('low', -1, [Number.POSITIVE_INFINITY]),
        numberParam('high', 1, [Number.POSITIVE_INFINITY, -2]),
        createOptions(),
      ],
      (shape: never, low: never, high: never, options: never) =>
        new autograd.Rng(1).uniform(shape, low, high, options),
    ),
    spec('rand', 'rand', [shapeParam('shape', () => [2]), rngParam(true), createOptions()], autograd.rand),
    spec('randn', 'randn', [shapeParam('shape', () => [2]), rngParam(true), createOptions()], autograd.randn),
    spec(
      'uniform',
      'uniform',
      [
        shapeParam('shape', () => [2]),
        numberParam('low', -1, [Number.POSITIVE_INFINITY]),
        numberParam('high', 1, [-2]),
        rngParam(),
        createOptions(),
      ],
      autograd.uniform,
    ),
    spec(
      'Tensor',
      'Tensor',
      [
        customParam('data', () => new Float64Array(6), [
          ...wrongTypes(),
          bad('[1, 2]', () => [1, 2]),
          bad('5', () => 5),
        ]),
        {
          ...shapeParam('shape', () => [2, 3]),
          bads: [...shapeParam('shape', () => [2, 3]).bads, bad('[4]', () => [4], '[4]')],
        },
        optionsParam(
          'init',
          () => ({}),
          { requiresGrad: booleanParam('requiresGrad', false, { optional: true }) },
          { optional: true, unknownKeys: false },
        ),
      ],
      (data: never, shape: never, init: never) => new autograd.Tensor(data, shape, init),
    ),
    spec(
      'zeroGrad',
      'zeroGrad',
      [
        customParam('tensors', () => [leaf()], [
          ...wrongTypes('array'),
          bad('5', () => 5),
          bad('[1]', () => [1]),
          bad('[{}]', () => [{}]),
        ]),
      ],
      autograd.zeroGrad,
    ),
    spec(
      'gradients',
      'gradients',
      [
        tensorParam('output', scalarLoss),
        customParam('inputs', () => [leaf()], [
          ...wrongTypes('array'),
          bad('5', () => 5),
          bad('[1]', () => [1]),
          bad("['a']", () => ['a']),
        ]),
        optionsParam(
          'options',
          () => ({}),
          {
            createGraph: booleanParam('createGraph', false, { optional: true }),
            seed: {
              ...tensorParam('seed', () => undefined, [wrongShape([4])]),
              bads: tensorParam('seed', () => undefined, [wrongShape([4])]).bads.filter(
                (b) => b.label !== 'undefined',
              ),
            },
          },
          { optional: true },
        ),
      ],
      autograd.gradients,
    ),
    ...(['grad', 'valueAndGrad'] as const).map((name) =>
      spec(name, name, [tensorFunction(), argnums], (f: never, nums: never) =>
        (fns[name]!(f, nums) as (x: Tensor) => unknown)(tensor(2)),
      ),
    ),
    spec(
      'vjp',
      'vjp',
      [
        functionParam('f', () => (t: Tensor) => t.mul(2)),
        customParam('inputs', row, [...wrongTypes(), bad('5', () => 5), bad('[1]', () => [1])]),
        tensorParam('v', row, [wrongShape([4])]),
      ],
      autograd.vjp,
    ),
    spec(
      'hvp',
      'hvp',
      [
        tensorFunction(),
        customParam('inputs', row, [...wrongTypes(), bad('5', () => 5), bad('[1]', () => [1])]),
        tensorParam('v', row, [wrongShape([4])]),
      ],
      autograd.hvp,
    ),
    spec(
      'gradcheck',
      'gradcheck',
      [
        functionParam('f', () => (t: Tensor) => t.tanh()),
        customParam('inputs', () => [leaf()], [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('[1]', () => [1]),
          bad('leaf', leaf),
        ]),
        optionsParam('options', () => ({}), gradcheckFields(), { optional: true }),
      ],
      autograd.gradcheck,
    ),
    spec(
      'gradgradcheck',
      'gradgradcheck',
      [
        functionParam('f', () => (t: Tensor) => t.tanh()),
        customParam('inputs', () => [leaf()], [...wrongTypes(), bad('5', () => 5), bad('[1]', () => [1])]),
        optionsParam(
          'options',
          () => ({}),
          { ...gradcheckFields(), seed: integerParam('seed', 1, { optional: true }) },
          { optional: true },
        ),
      ],
      autograd.gradgradcheck,
    ),
    spec(
      'toDot',
      'toDot',
      [
        tensorParam('tensor', scalarLoss),
        optionsParam(
          'options',
          () => ({}),
          {
            values: booleanParam('values', true, { optional: true }),
            grads: booleanParam('grads', true, { optional: true }),
            name: customParam('name', () => 'g', [
              bad('5', () => 5),
              bad('null', () => null),
              bad('{}', () => ({})),
            ]),
          },
          { optional: true },
        ),
      ],
      autograd.toDot,
    ),
    spec('detectAnomaly', 'detectAnomaly', [functionParam('fn', () => () => 1)], autograd.detectAnomaly),
    spec('setDetectAnomaly', 'setDetectAnomaly', [booleanParam('enabled', false)], autograd.setDetectAnomaly),
    spec('isAnomalyDetectionEnabled', 'isAnomalyDetectionEnabled', [], autograd.isAnomalyDetectionEnabled),
    spec('noGrad', 'noGrad', [functionParam('fn', () => () => 1)], autograd.noGrad),
    spec('enableGrad', 'enableGrad', [functionParam('fn', () => () => 1)], autograd.enableGrad),
    spec('isGradEnabled', 'isGradEnabled', [], autograd.isGradEnabled),
    // Any value has a description: nothing to refuse.
    spec('describeValue', 'describeValue', [], () => autograd.describeValue(Symbol('s'))),
    spec(
      'record',
      'record',
      [
        customParam('op', () => 'double', [
          ...wrongTypes().filter((b) => b.label !== "'abc'"),
          bad('5', () => 5),
        ]),
        customParam('data', () => Float64Array.of(2, 4, 6), [
          ...wrongTypes(),
          bad('[1, 2, 3]', () => [1, 2, 3]),
        ]),
        {
          ...shapeParam('shape', () => [3]),
          bads: [...shapeParam('shape', () => [3]).bads, bad('[4]', () => [4], '[4]')],
        },
        customParam('inputs', () => [leaf()], [
          ...wrongTypes('array'),
          bad('5', () => 5),
          bad('[1]', () => [1]),
        ]),
        functionParam('backward', () => (g: Tensor) => [g.mul(2)]),
      ],
      autograd.record,
    ),
  ];
}

/** Every autograd spec: functions, then the Tensor methods. */
export function autogradSpecs(): Spec[] {
  const withInput = tensorFunctionSpecs();
  const methods = withInput.map(methodSpec);
  return [...withInput, ...methods, ...otherMethodSpecs(), ...otherFunctionSpecs()];
}
