/**
 * Specs for nn's MLPClassifier (scikit-learn's classifier): the constructor's options and the methods fit,
 * predict, predictProba and score, each with a small network and two epochs so that the valid calls stay
 * quick.
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
  type Param,
  wrongTypes,
} from '../harness/values.ts';

const optional = { optional: true } as const;
const rows = () => [
  [0, 1],
  [1, 0],
  [1, 1],
  [0, 0],
];
const labels = () => ['b', 'b', 'a', 'a'];
const small = { hiddenLayerSizes: [3], maxIter: 2, randomState: 0 };
const fitted = () => new nn.MLPClassifier(small).fit(rows(), labels());

const xParam = () =>
  customParam('X', rows, [
    ...wrongTypes(),
    bad('5', () => 5),
    bad('[[1, NaN], ...]', () => [[1, Number.NaN], ...rows().slice(1)]),
    bad('a 1-D tensor', () => tensor([1, 2, 3, 4])),
    bad('ragged rows', () => [[1], [1, 2], [0, 0], [1, 1]]),
  ]);

const OPTION_FIELDS: Record<string, Param> = {
  hiddenLayerSizes: customParam('hiddenLayerSizes', () => [4], [bad('[0]', () => [0]), bad('5', () => 5)]),
  activation: enumParam('activation', 'tanh', optional),
  solver: enumParam('solver', 'sgd', optional),
  alpha: numberParam('alpha', 0.01, [-1], optional),
  batchSize: customParam('batchSize', () => 'auto', [bad('0', () => 0), bad("'all'", () => 'all')]),
  learningRate: enumParam('learningRate', 'adaptive', optional),
  learningRateInit: numberParam('learningRateInit', 0.01, [0, -1], optional),
  maxIter: integerParam('maxIter', 2, { min: 1, optional: true }),
  shuffle: booleanParam('shuffle', false, optional),
  randomState: integerParam('randomState', 3, { min: 0, optional: true }),
  momentum: numberParam('momentum', 0.5, [-0.1, 1.1], optional),
  beta2: numberParam('beta2', 0.99, [1, -0.1], optional),
  epsilon: numberParam('epsilon', 1e-6, [0], optional),
  gradients: enumParam('gradients', 'manual', optional),
};

export function sklearnSpecs(): Spec[] {
  return [
    spec(
      'MLPClassifier',
      'MLPClassifier',
      [optionsParam('options', () => ({ ...small }), OPTION_FIELDS, optional)],
      (o: never) => new nn.MLPClassifier(o),
    ),
    spec(
      'MLPClassifier#fit',
      'MLPClassifier.fit',
      [
        xParam(),
        customParam('y', labels, [
          ...wrongTypes(),
          bad('one class', () => ['a', 'a', 'a', 'a']),
          bad('too few labels', () => ['a', 'b']),
          bad('mixed kinds', () => ['a', 1, 'a', 1]),
        ]),
        optionsParam(
          'fitOptions',
          () => ({}),
          {
            coefs: customParam('coefs', () => undefined, [
              bad("'abc'", () => 'abc'),
              bad('wrong shapes', () => [[[1]], [[1]]]),
            ]),
          },
          optional,
        ),
      ],
      (X: never, y: never, o: never) => new nn.MLPClassifier(small).fit(X, y, o),
    ),
    spec('MLPClassifier#predict', 'MLPClassifier.predict', [xParam()], (X: never) => fitted().predict(X)),
    spec('MLPClassifier#predictProba', 'MLPClassifier.predictProba', [xParam()], (X: never) =>
      fitted().predictProba(X),
    ),
    spec(
      'MLPClassifier#score',
      'MLPClassifier.score',
      [xParam(), customParam('y', labels, [...wrongTypes()])],
      (X: never, y: never) => fitted().score(X, y),
    ),
  ];
}
