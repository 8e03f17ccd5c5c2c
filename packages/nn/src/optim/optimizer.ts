import { Tensor } from '@tapegrad/autograd';
import { refuse, shown } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';

/**
 * The base of every optimizer: it holds a list of parameters (any leaf tensors that require a gradient, from
 * a Module or written by hand) and a learning rate that schedules may change between steps.
 * `step()` updates each parameter's values in place from its `.grad`, outside the tape.
 */
export abstract class Optimizer {
  readonly parameters: readonly Tensor[];
  /** The current learning rate; a schedule sets it before each step or epoch. */
  lr: number;
  /** How many steps have been taken. */
  stepCount = 0;

  constructor(parameters: Iterable<Tensor>, lr: number) {
    const owner = this.constructor.name;
    const iterable = typeof parameters === 'object' && parameters !== null && Symbol.iterator in parameters;
    if (!iterable) refuse(owner, 'parameters', 'an array of tensors, e.g. model.parameters()', parameters);
    this.parameters = [...parameters];
    if (this.parameters.length === 0) throw new ConfigError(`${owner}: no parameters to optimize`);
    this.parameters.forEach((parameter: unknown, i) => {
      if (!(parameter instanceof Tensor)) refuse(owner, `parameters[${i}]`, 'a Tensor', parameter);
      if (!parameter.requiresGrad || !parameter.isLeaf) {
        throw new ConfigError(
          `${owner}: parameter ${i} of parameters (shape [${parameter.shape.join(',')}]) is not a leaf that ` +
            'requires a gradient; create it with { requiresGrad: true }',
        );
      }
      const first = this.parameters.indexOf(parameter);
      if (first !== i) {
        throw new ConfigError(
          `${this.constructor.name}: parameter ${i} is the same tensor as parameter ${first}; ` +
            'list each parameter once, or it would be updated twice per step',
        );
      }
    });
    if (!(lr > 0) || !Number.isFinite(lr)) {
      throw new ConfigError(`${owner}: the learning rate ${shown(lr)} must be a positive number (option lr)`);
    }
    this.lr = lr;
  }

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    this.stepCount++;
    this.parameters.forEach((parameter, i) => {
      if (parameter.grad !== null) this.update(parameter.data, parameter.grad.data, i);
    });
  }

  /** Forgets every parameter's gradient, before the next backward pass. */
  zeroGrad(): void {
    for (const parameter of this.parameters) parameter.zeroGrad();
  }

  /**
   * Updates one parameter's values in place. `index` identifies the parameter, for optimizers that keep a
   * state per parameter (momentum buffers, moment estimates); `stepCount` is already advanced.
   */
  protected abstract update(values: Float64Array, gradient: Float64Array, index: number): void;
}

/**
 * Throws a ConfigError naming the owner's class (an optimizer or a schedule), the option, its value and the
 * rule it breaks, unless `valid` holds and the value is finite. Optimizers and schedules check their
 * settings with it.
 */
export function checkOption(owner: object, name: string, value: number, valid: boolean, rule: string): void {
  if (typeof value !== 'number' || !valid || !Number.isFinite(value)) {
    throw new ConfigError(`${owner.constructor.name}: ${name} = ${shown(value)} must be ${rule}`);
  }
}
