/**
 * toDot's `names` option: tensors by name, as torchviz's `make_dot(y, params=dict(model.named_parameters()))`
 * takes them, checked at the call and turned around into a name for each tensor.
 */
import { ArgumentError, describeValue } from '../errors.ts';
import { Tensor } from '../tensor/tensor.ts';

/** Tensors by the name each should show in the graph: `{ X, y, 'layer1.weight': W1 }`. */
export type TensorNames = Readonly<Record<string, Tensor>>;

const EXAMPLE = '{ X, y, ...Object.fromEntries(net.namedParameters()) }';

/**
 * Refuses, naming `fn`, anything but a plain object of tensors by non-empty name, in which no tensor has
 * two names.
 */
export function checkTensorNames(fn: string, option: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Map) {
    throw new ArgumentError(
      `${fn}: option '${option}' must be an object of tensors by name, such as ${EXAMPLE}, ` +
        `got ${describeValue(value)}`,
    );
  }
  const named = new Map<Tensor, string>();
  for (const [name, tensor] of Object.entries(value)) {
    if (name.trim() === '') {
      throw new ArgumentError(`${fn}: option '${option}' has an empty name; give each tensor a name to show`);
    }
    if (!(tensor instanceof Tensor)) {
      throw new ArgumentError(`${fn}: ${option}['${name}'] must be a Tensor, got ${describeValue(tensor)}`);
    }
    const earlier = named.get(tensor);
    if (earlier !== undefined) {
      throw new ArgumentError(
        `${fn}: ${option} gives one tensor two names, '${earlier}' and '${name}'; give it one`,
      );
    }
    named.set(tensor, name);
  }
}

/** The name of each named tensor (the options already checked). */
export function namesByTensor(names: TensorNames = {}): ReadonlyMap<Tensor, string> {
  return new Map(Object.entries(names).map(([name, tensor]) => [tensor, name]));
}
