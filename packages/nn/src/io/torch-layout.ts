/**
 * PyTorch's conventions for a tapegrad module's parameters, the one place that knows them:
 *
 * - names: Sequential, TwoLayerNet and MLP as the equivalent `nn.Sequential` names them. Their children are
 *   numbered in the order the forward pass uses them (`namedChildren`), activations and dropout included, so
 *   TwoLayerNet's `layer1.weight` is `0.weight` and `layer2.weight` is `2.weight` (Tanh is module 1), and an
 *   MLP's `layers.1.bias` is `2.bias` (`4.bias` with dropout: Linear, ReLU, Dropout, Linear, ...). Any other
 *   module's children keep their names (`hidden.weight`), as the same class written in PyTorch has them.
 * - shapes: a Linear's weight is [out, in] in PyTorch (y = x W^T + b); tapegrad keeps W as [in, out] so that
 *   Z = X W + b reads like the math. Going across transposes it; biases and everything else stay as they are.
 */
import type { Tensor } from '@tapegrad/autograd';
import type { Module } from '../module/module.ts';

/** One parameter's tapegrad name, its PyTorch name, and whether its values are transposed in between. */
export interface TorchParameter {
  readonly name: string;
  readonly torchName: string;
  readonly parameter: Tensor;
  readonly transposed: boolean;
}

/** Every parameter of `module` with its PyTorch name, in tapegrad's order. */
export function torchParameters(module: Module): TorchParameter[] {
  const found: TorchParameter[] = [];
  const visit = (current: Module, prefix: string, torchPrefix: string) => {
    // A module's own parameters are the names without a dot; its children's come after, renumbered.
    for (const [name, parameter] of current.namedParameters()) {
      if (name.includes('.')) continue;
      found.push({
        name: `${prefix}${name}`,
        torchName: `${torchPrefix}${name}`,
        parameter,
        transposed: current.torchTransposedNames().includes(name),
      });
    }
    const numbered = current.torchNumbersChildren();
    current.namedChildren().forEach(([name, child], index) => {
      visit(child, `${prefix}${name}.`, `${torchPrefix}${numbered ? index : name}.`);
    });
  };
  visit(module, '', '');
  return found;
}

/** The values of a [rows, columns] matrix, row-major, as its [columns, rows] transpose. */
export function transposeValues(values: Float64Array, rows: number, columns: number): Float64Array {
  const transposed = new Float64Array(values.length);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      transposed[column * rows + row] = values[row * columns + column]!;
    }
  }
  return transposed;
}

/** A parameter's shape in PyTorch's layout: [out, in] for a Linear's weight, else its own. */
export function torchShape(entry: TorchParameter): number[] {
  const shape = [...entry.parameter.shape];
  return entry.transposed ? [shape[1]!, shape[0]!] : shape;
}

/** A parameter's values in PyTorch's layout (a fresh array). */
export function toTorchValues(entry: TorchParameter): Float64Array {
  const { data, shape } = entry.parameter;
  return entry.transposed ? transposeValues(data, shape[0]!, shape[1]!) : data.slice();
}

/** Values in PyTorch's layout, `torchShape(entry)`, as the parameter's own layout. */
export function fromTorchValues(entry: TorchParameter, values: Float64Array): Float64Array {
  const { shape } = entry.parameter;
  return entry.transposed ? transposeValues(values, shape[1]!, shape[0]!) : values;
}
