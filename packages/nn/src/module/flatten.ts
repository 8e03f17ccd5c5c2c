/** Flatten, PyTorch's nn.Flatten: merges a run of axes into one, by default all but the batch axis. */
import type { Tensor } from '@tapegrad/autograd';
import { checkInput, refuse } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { Module } from './module.ts';

/**
 * Merges axes startDim..endDim (negative ones count from the end) into one. The defaults, 1 and -1, keep
 * the batch axis, as PyTorch's nn.Flatten: images [m, 28, 28] become rows [m, 784] for a Linear.
 * @example new Flatten().forward(zeros([4, 2, 3])).shape; // => [4, 6]
 */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
    if (!Number.isInteger(startDim)) refuse('Flatten', 'startDim', 'an integer axis', startDim);
    if (!Number.isInteger(endDim)) refuse('Flatten', 'endDim', 'an integer axis', endDim);
  }

  forward(input: Tensor): Tensor {
    checkInput(this, input);
    // A 0-d input counts as one axis, as in PyTorch: Flatten(0) makes it [1].
    const ndim = Math.max(input.ndim, 1);
    const axis = (name: string, value: number) => {
      if (value < -ndim || value >= ndim) {
        throw new ConfigError(
          `Flatten.forward: ${name} ${value} is out of range for the input of shape [${input.shape.join(',')}] ` +
            `(axes ${-ndim}..${ndim - 1}); a Flatten(${this.startDim}, ${this.endDim}) needs an input of at least ` +
            `${Math.max(value < 0 ? -value : value + 1, 1)} axes`,
        );
      }
      return value < 0 ? value + ndim : value;
    };
    const start = axis('startDim', this.startDim);
    const end = axis('endDim', this.endDim);
    if (start > end) {
      throw new ConfigError(
        `Flatten.forward: startDim ${this.startDim} comes after endDim ${this.endDim} for the input of shape ` +
          `[${input.shape.join(',')}]`,
      );
    }
    return input.flatten(start, end);
  }

  override describe(): string {
    return `Flatten(startDim=${this.startDim}, endDim=${this.endDim})`;
  }
}
