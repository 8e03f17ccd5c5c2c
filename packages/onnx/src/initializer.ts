/**
 * A constant of the graph (a weight, a bias, the standardizer's mean) as an ONNX TensorProto whose values
 * are raw_data: each number's IEEE 754 bytes, little-endian as ONNX requires, whatever the machine's order.
 */
import type { onnx as Onnx } from 'onnx-proto';
import { ELEMENT_TYPES, type OnnxDtype } from './dtype.ts';

/** The little-endian bytes of `values`, each rounded to float32 (nearest) for 'float32'. */
export function rawBytes(values: ArrayLike<number>, dtype: OnnxDtype): Uint8Array {
  const width = dtype === 'float64' ? 8 : 4;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'float64') view.setFloat64(i * width, values[i]!, true);
    else view.setFloat32(i * width, values[i]!, true);
  }
  return bytes;
}

/** An initializer named `name` of this shape, its values in row-major order. */
export function initializer(
  name: string,
  shape: readonly number[],
  values: ArrayLike<number>,
  dtype: OnnxDtype,
): Onnx.ITensorProto {
  return { name, dims: [...shape], dataType: ELEMENT_TYPES[dtype], rawData: rawBytes(values, dtype) };
}
