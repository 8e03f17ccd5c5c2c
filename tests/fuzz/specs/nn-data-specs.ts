/** Fuzz specs of nn's data loading: TensorDataset (and its get) and DataLoader, iterated for one epoch. */
import { Rng, tensor, zeros } from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { type Spec, spec } from '../harness/spec.ts';
import {
  bad,
  booleanParam,
  customParam,
  integerParam,
  optionsParam,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

const optional = { optional: true } as const;
const X = () =>
  tensor([
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ]);
const y = () => tensor([1, 1, 0, 0]);
const rows = () => new nn.TensorDataset(X(), y());

export function nnDataSpecs(): Spec[] {
  return [
    spec(
      'TensorDataset',
      'TensorDataset',
      [
        tensorParam('tensors[0]', X, [bad('tensor(1)', () => tensor(1))]),
        tensorParam('tensors[1]', y, [
          bad('zeros([3])', () => zeros([3])),
          bad('tensor(1)', () => tensor(1)),
        ]),
      ],
      (a: never, b: never) => new nn.TensorDataset(a, b),
    ),
    spec(
      'TensorDataset#get',
      'TensorDataset.get',
      [integerParam('index', 1, { min: 0, max: 3 })],
      (i: number) => rows().get(i),
    ),
    spec(
      'DataLoader',
      'DataLoader',
      [
        customParam('dataset', rows, [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('{ X }', () => ({ X: X() })),
          bad('{ X [4,2], y [3] }', () => ({ X: X(), y: zeros([3]) })),
          bad('{ length: -1, get }', () => ({ length: -1, get: () => tensor(1) }), 'dataset.length'),
        ]),
        optionsParam(
          'options',
          () => ({ batchSize: 3 }),
          {
            batchSize: integerParam('batchSize', 3, { min: 1, optional: true }),
            shuffle: booleanParam('shuffle', true, optional),
            dropLast: booleanParam('dropLast', true, optional),
            generator: customParam('generator', () => new Rng(1), [
              ...wrongTypes('undefined'),
              bad('5', () => 5),
            ]),
          },
          optional,
        ),
      ],
      (dataset: never, options: never) => [...new nn.DataLoader(dataset, options)],
      [
        () => [{ X: X(), y: y() }, { shuffle: true }],
        () => [{ length: 2, get: (i: number) => [tensor([i, 2 * i]), i] }, {}],
      ],
    ),
  ];
}
