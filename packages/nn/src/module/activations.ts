import type { Axis, Tensor } from '@tapegrad/autograd';
import { checkInput, checkNumber, refuse } from '../checks/arguments.ts';
import { Module } from './module.ts';

/** The names of the elementwise activations a network can be built with. */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'identity';

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'identity',
];

/** 1 / (1 + e^-x), elementwise. */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return checkInput(this, input).sigmoid();
  }
}

/** tanh(x), elementwise. */
export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return checkInput(this, input).tanh();
  }
}

/** max(x, 0), elementwise. */
export class ReLU extends Module {
  forward(input: Tensor): Tensor {
    return checkInput(this, input).relu();
  }
}

/** x for x > 0, negativeSlope * x otherwise. */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
    checkNumber('LeakyReLU', 'negativeSlope', negativeSlope);
  }

  forward(input: Tensor): Tensor {
    return checkInput(this, input).leakyRelu(this.negativeSlope);
  }

  override describe(): string {
    return `LeakyReLU(negativeSlope=${this.negativeSlope})`;
  }
}

/** exp(x) / sum(exp(x)) along `axis` (the last by default). */
export class Softmax extends Module {
  constructor(readonly axis: Axis = -1) {
    super();
    if (!Number.isInteger(axis)) refuse('Softmax', 'axis', 'an integer axis', axis);
  }

  forward(input: Tensor): Tensor {
    return checkInput(this, input).softmax(this.axis);
  }

  override describe(): string {
    return `Softmax(axis=${this.axis})`;
  }
}

/** Passes its input through unchanged. */
export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return checkInput(this, input);
  }
}

/** The activation module for a name. */
export function activationModule(name: ActivationName): Module {
  if (!ACTIVATION_NAMES.includes(name)) {
    refuse('activationModule', 'name', `one of ${ACTIVATION_NAMES.join(', ')}`, name);
  }
  switch (name) {
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
    case 'relu':
      return new ReLU();
    case 'leakyRelu':
      return new LeakyReLU();
    case 'identity':
      return new Identity();
  }
}
