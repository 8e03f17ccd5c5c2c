import type { Tensor } from '@tapegrad/autograd';
import { checkInput, refuse } from '../checks/arguments.ts';
import { Module } from './module.ts';

/**
 * Modules applied one after another; parameters are named by position (`layers.0.weight`).
 * @example const net = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
 */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    layers.forEach((layer, i) => {
      if (!(layer instanceof Module)) refuse('Sequential', `layers[${i}]`, 'a Module', layer);
    });
    this.layers = layers;
  }

  /** PyTorch's nn.Sequential names its children by position (`0.weight`), as `{ layout: 'torch' }` does. */
  override torchNumbersChildren(): boolean {
    return true;
  }

  forward(input: Tensor): Tensor {
    return this.layers.reduce((value, layer) => layer.forward(value), checkInput(this, input));
  }
}
