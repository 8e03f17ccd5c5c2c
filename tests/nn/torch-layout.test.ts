/**
 * PyTorch's names and shapes for tapegrad's modules (packages/nn/src/io/torch-layout.ts), both ways: the
 * names of the equivalent nn.Sequential, a Linear's weight transposed to [out, in] and back.
 */
import { Rng, tensor } from '@tapegrad/autograd';
import { Linear, MLP, ReLU, Sequential, Tanh, TwoLayerNet } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import {
  fromTorchValues,
  torchParameters,
  torchShape,
  toTorchValues,
  transposeValues,
} from '../../packages/nn/src/io/torch-layout.ts';

const namesOf = (module: Parameters<typeof torchParameters>[0]) =>
  torchParameters(module).map(({ name, torchName, transposed }) => [name, torchName, transposed]);

describe('PyTorch names: the equivalent nn.Sequential numbers every module in forward order', () => {
  test('TwoLayerNet: Linear (0), activation (1), Linear (2)', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1 });
    expect(namesOf(net)).toEqual([
      ['layer1.weight', '0.weight', true],
      ['layer1.bias', '0.bias', false],
      ['layer2.weight', '2.weight', true],
      ['layer2.bias', '2.bias', false],
    ]);
  });

  test('MLP without dropout: Linear, activation, Linear, activation, Linear', () => {
    expect(namesOf(new MLP([2, 8, 8, 3])).map(([name, torchName]) => `${name} -> ${torchName}`)).toEqual([
      'layers.0.weight -> 0.weight',
      'layers.0.bias -> 0.bias',
      'layers.1.weight -> 2.weight',
      'layers.1.bias -> 2.bias',
      'layers.2.weight -> 4.weight',
      'layers.2.bias -> 4.bias',
    ]);
  });

  test('MLP with dropout: Linear, activation, Dropout, Linear, ... (a Linear every 3 modules)', () => {
    expect(namesOf(new MLP([2, 8, 8, 3], { dropout: 0.2 })).map(([, torchName]) => torchName)).toEqual([
      '0.weight',
      '0.bias',
      '3.weight',
      '3.bias',
      '6.weight',
      '6.bias',
    ]);
  });

  test('a Sequential keeps its indices, nested ones nest, a Linear without bias has only a weight', () => {
    const inner = new Sequential(new Linear(3, 3, { bias: false }), new ReLU());
    const model = new Sequential(new Linear(2, 3), new Tanh(), inner);
    expect(namesOf(model)).toEqual([
      ['layers.0.weight', '0.weight', true],
      ['layers.0.bias', '0.bias', false],
      ['layers.2.layers.0.weight', '2.0.weight', true],
    ]);
  });
});

describe('PyTorch shapes: a Linear weight [in, out] becomes [out, in]', () => {
  test('transposeValues of a 2x3 matrix, by hand', () => {
    // [[1, 2, 3], [4, 5, 6]] -> [[1, 4], [2, 5], [3, 6]]
    expect(Array.from(transposeValues(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([
      1, 4, 2, 5, 3, 6,
    ]);
  });

  test('to PyTorch and back gives the same values; a bias is unchanged', () => {
    const layer = new Linear(2, 3, { rng: new Rng(1) });
    layer.weight.data.set([1, 2, 3, 4, 5, 6]); // W = [[1, 2, 3], [4, 5, 6]]: 2 inputs, 3 outputs
    layer.bias!.data.set([7, 8, 9]);
    const [weight, bias] = torchParameters(layer);
    expect(torchShape(weight!)).toEqual([3, 2]);
    expect(Array.from(toTorchValues(weight!))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(fromTorchValues(weight!, new Float64Array([1, 4, 2, 5, 3, 6])))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    expect(torchShape(bias!)).toEqual([3]);
    expect(Array.from(toTorchValues(bias!))).toEqual([7, 8, 9]);
  });

  test("PyTorch's y = x W^T + b with the transposed weight equals tapegrad's Z = X W + b", () => {
    const layer = new Linear(2, 3, { rng: new Rng(4) });
    const [weight, bias] = torchParameters(layer);
    const torchWeight = tensor(toTorchValues(weight!), { shape: torchShape(weight!) });
    const x = tensor([
      [0.5, -1],
      [2, 3],
    ]);
    const torchStyle = x.matmul(torchWeight.transpose()).add(tensor(toTorchValues(bias!)));
    expect(Array.from(torchStyle.data)).toEqual(Array.from(layer.forward(x).data));
  });
});
