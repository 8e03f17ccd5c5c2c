/**
 * The spec of nn's IDX reader: a valid call and the invalid values of each argument, malformed files
 * included (the error must name readIdx).
 */
import * as nn from '@tapegrad/nn';
import { type Spec, spec } from '../harness/spec.ts';
import { bad, customParam, integerParam, optionsParam, wrongTypes } from '../harness/values.ts';

const optional = { optional: true } as const;

/** Two labels, 7 and 3: magic 0x00000801, one dimension of size 2. */
const labels = () => new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 3]);

/** Every spec of the IDX functions in nn's main entry. */
export function idxSpecs(): Spec[] {
  return [
    spec(
      'readIdx',
      'readIdx',
      [
        customParam('bytes', labels, [
          ...wrongTypes(),
          bad('[0, 0, 8, 1]', () => [0, 0, 8, 1]),
          bad('Uint8Array(3)', () => new Uint8Array(3)),
          bad('a type code of 0x0d (float)', () => new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0])),
          bad(
            'a header stating more values than the file has',
            () => new Uint8Array([0, 0, 8, 1, 0, 0, 0, 9, 1]),
          ),
        ]),
        customParam('source', () => 'labels', wrongTypes('undefined', 'string')),
        optionsParam(
          'expect',
          () => ({ dimensions: 1 }),
          { dimensions: integerParam('dimensions', 1, { optional: true, min: 1 }) },
          optional,
        ),
      ],
      nn.readIdx,
    ),
  ];
}
