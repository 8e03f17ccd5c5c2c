/**
 * Specs for nn's safetensors functions: a valid call and the invalid values of each argument, malformed
 * files included (the error must name the function and the argument the bytes came in).
 */
import { Rng, tensor } from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { type Spec, spec } from '../harness/spec.ts';
import { bad, booleanParam, customParam, enumParam, optionsParam, wrongTypes } from '../harness/values.ts';

const optional = { optional: true } as const;
const net = () => new nn.TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(3) });
const bytesOf = () => nn.safetensorsBytes(net());

/** Bytes that are no safetensors file: too short, and a header length past the end. */
const badBytes = () => [
  ...wrongTypes(),
  bad('5', () => 5),
  bad('[1, 2, 3]', () => [1, 2, 3]),
  bad('Uint8Array(3)', () => new Uint8Array(3)),
  bad('a header length past the end', () => {
    const bytes = bytesOf();
    new DataView(bytes.buffer).setBigUint64(0, 1_000_000n, true);
    return bytes;
  }),
];

/** Every spec of the safetensors functions in nn's main entry. */
export function safetensorsSpecs(): Spec[] {
  return [
    spec(
      'safetensorsBytes',
      'safetensorsBytes',
      [
        customParam('source', net, [
          ...wrongTypes('object'),
          bad('5', () => 5),
          bad('{ w: 5 }', () => ({ w: 5 })),
        ]),
        optionsParam(
          'options',
          () => ({ dtype: 'float32', layout: 'torch' }),
          {
            dtype: enumParam('dtype', 'float64', optional),
            layout: enumParam('layout', 'tapegrad', optional),
            metadata: customParam('metadata', () => ({ note: 'x' }), [
              ...wrongTypes('undefined', 'object'),
              bad('{ epochs: 3 }', () => ({ epochs: 3 })),
              bad("{ format: 'tf' }", () => ({ format: 'tf' })),
            ]),
          },
          optional,
        ),
      ],
      nn.safetensorsBytes,
      [() => [{ w: tensor([1, 2]) }, { metadata: {} }]],
    ),
    spec(
      'readSafetensors',
      'readSafetensors',
      [customParam('bytes', bytesOf, badBytes())],
      nn.readSafetensors,
    ),
    spec(
      'loadSafetensorsInto',
      'loadSafetensorsInto',
      [
        customParam('module', net, [...wrongTypes(), bad('5', () => 5)]),
        customParam('bytes', bytesOf, badBytes()),
        optionsParam(
          'options',
          () => ({ layout: 'tapegrad', strict: true }),
          {
            layout: enumParam('layout', 'tapegrad', optional),
            strict: booleanParam('strict', true, optional),
            dtype: enumParam('dtype', 'float64', optional),
          },
          optional,
        ),
      ],
      nn.loadSafetensorsInto,
    ),
  ];
}
