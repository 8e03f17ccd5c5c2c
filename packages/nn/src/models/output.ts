import type { Tensor } from '@tapegrad/autograd';
import type { OutputActivation } from './network.ts';

/** A2 from Z2: sigmoid, softmax over the last axis, or Z2 itself. */
export function outputFromLogits(output: OutputActivation, logits: Tensor): Tensor {
  switch (output) {
    case 'sigmoid':
      return logits.sigmoid();
    case 'softmax':
      return logits.softmax(-1);
    case 'linear':
      return logits;
  }
}
