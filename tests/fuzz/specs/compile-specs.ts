/** Fuzz specs of compile's public functions: compile(fn, options), the compiled function's inputs, nn's compileStep. */
import * as autograd from '@tapegrad/autograd';
import { type Tensor, tensor } from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { type Spec, spec } from '../harness/spec.ts';
import {
  bad,
  booleanParam,
  customParam,
  functionParam,
  numberParam,
  optionsParam,
  shapeParam,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

export function compileSpecs(): Spec[] {
  return [
    spec(
      'compile',
      'compile',
      [
        functionParam('fn', () => (x: Tensor) => x.exp()),
        optionsParam(
          'options',
          () => ({ fuse: true }),
          {
            copyOutputs: booleanParam('copyOutputs', false, { optional: true }),
            fuse: booleanParam('fuse', true, { optional: true }),
            vectorMath: booleanParam('vectorMath', true, { optional: true }),
          },
          { optional: true },
        ),
      ],
      autograd.compile,
    ),
    spec('traceGuard', 'traceGuard', [functionParam('holds', () => () => true)], autograd.traceGuard),
    spec(
      'traceEffect',
      'traceEffect',
      [
        customParam('name', () => 'update', wrongTypes('string')),
        functionParam('run', () => () => undefined),
      ],
      autograd.traceEffect,
    ),
    // The compiled function checks its inputs when it traces, naming compile and the input.
    spec('compiled', 'compile', [tensorParam('inputs[0]', () => tensor([1, 2]))], (x: Tensor) =>
      autograd.compile((v: Tensor) => v.exp())(x),
    ),
    // The random op a compiled plan replays with fresh draws (Dropout's mask).
    spec(
      'Rng#dropoutMask',
      'dropoutMask',
      [shapeParam('shape', () => [2]), numberParam('p', 0.5, [-0.5, 1.5, Number.POSITIVE_INFINITY])],
      (shape: never, p: never) => new autograd.Rng(1).dropoutMask(shape, p),
    ),
  ];
}

/** nn's compileStep(parameters, lossFn, optimizer); index.ts prefixes the id with `nn.`. */
export function nnCompileSpecs(): Spec[] {
  const parameter = () => tensor([1, 2], { requiresGrad: true });
  return [
    spec(
      'compileStep',
      'compileStep',
      [
        customParam('parameters', () => [parameter()], wrongTypes('array')),
        functionParam('lossFn', () => (x: Tensor) => x.square().sum()),
        customParam('optimizer', () => ({ step: () => undefined }), [
          ...wrongTypes('object'),
          bad('{}', () => ({})),
        ]),
      ],
      nn.compileStep,
    ),
  ];
}
