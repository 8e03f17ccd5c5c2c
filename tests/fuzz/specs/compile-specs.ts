/** Fuzz specs of compile's public function: compile(fn, options), and the compiled function's inputs. */
import * as autograd from '@tapegrad/autograd';
import { type Tensor, tensor } from '@tapegrad/autograd';
import { type Spec, spec } from '../harness/spec.ts';
import { booleanParam, functionParam, optionsParam, tensorParam } from '../harness/values.ts';

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
    // The compiled function checks its inputs when it traces, naming compile and the input.
    spec('compiled', 'compile', [tensorParam('inputs[0]', () => tensor([1, 2]))], (x: Tensor) =>
      autograd.compile((v: Tensor) => v.exp())(x),
    ),
  ];
}
