/**
 * The safetensors format as nn writes and reads it: the bytes of a small file checked by hand, exact round
 * trips (F64 bit for bit, F32 as float32 rounding of each value), and a hand-made malformed file for each
 * thing the reader refuses, with the message that names the tensor and what is wrong.
 */
import { Rng, tensor } from '@tapegrad/autograd';
import {
  DataError,
  loadSafetensorsInto,
  MLP,
  readSafetensors,
  Sequential,
  safetensorsBytes,
  TwoLayerNet,
} from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';

/** A file from a header (an object, or raw text) and data bytes, with its true header length unless told. */
function handMade(
  header: object | string,
  data: Uint8Array = new Uint8Array(),
  headerLength?: bigint,
): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** Little-endian float64 bytes of the values. */
function f64(...values: number[]): Uint8Array {
  return new Uint8Array(new Float64Array(values).buffer);
}

const net = () =>
  new TwoLayerNet({
    inputs: 2,
    hidden: 3,
    outputs: 1,
    hiddenActivation: 'tanh',
    output: 'sigmoid',
    rng: new Rng(5),
  });

describe('the bytes written', () => {
  test('a one-tensor file: 8-byte length, JSON header padded with spaces to a multiple of 8, little-endian data', () => {
    const bytes = safetensorsBytes({ w: tensor([1.5, -2]) });
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    const json =
      '{"__metadata__":{"tapegrad.layout":"tapegrad"},"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}';
    expect(header).toBe(json + ' '.repeat(headerLength - json.length));
    expect(headerLength % 8).toBe(0);
    expect(headerLength - json.length).toBeLessThan(8);
    expect(bytes.length).toBe(8 + headerLength + 16);
    expect(view.getFloat64(8 + headerLength, true)).toBe(1.5);
    expect(view.getFloat64(8 + headerLength + 8, true)).toBe(-2);
  });

  test('float32: 4 bytes a value, and the dtype F32', () => {
    const bytes = safetensorsBytes({ w: tensor([0.1, 3]) }, { dtype: 'float32' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))).toContain(
      '"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}',
    );
    expect(Array.from(new Float32Array(bytes.slice(8 + headerLength).buffer))).toEqual([Math.fround(0.1), 3]);
  });

  test('the architecture of a TwoLayerNet or MLP is in __metadata__, with any metadata the caller adds', () => {
    const { metadata } = readSafetensors(safetensorsBytes(net(), { metadata: { trainedOn: 'moons' } }));
    expect(metadata).toEqual({
      trainedOn: 'moons',
      'tapegrad.layout': 'tapegrad',
      'tapegrad.architecture':
        '{"kind":"TwoLayerNet","inputs":2,"hidden":3,"outputs":1,"hiddenActivation":"tanh","output":"sigmoid"}',
    });
    const torchMetadata = readSafetensors(safetensorsBytes(new MLP([2, 4, 3]), { layout: 'torch' })).metadata;
    expect(torchMetadata.format).toBe('pt');
    expect(JSON.parse(torchMetadata['tapegrad.architecture']!)).toEqual({
      kind: 'MLP',
      sizes: [2, 4, 3],
      activation: 'relu',
      output: 'linear',
      dropout: 0,
    });
  });

  test('a Sequential has no architecture to record; a key tapegrad writes cannot be overridden', () => {
    const sequential = new Sequential(new MLP([2, 2]));
    expect(readSafetensors(safetensorsBytes(sequential)).metadata).toEqual({ 'tapegrad.layout': 'tapegrad' });
    expect(() => safetensorsBytes(net(), { metadata: { format: 'tf' } })).toThrow(
      "safetensorsBytes: option 'metadata' has the key 'format', which tapegrad writes itself (format, tapegrad.layout, tapegrad.architecture); use another key",
    );
    expect(() => safetensorsBytes(net(), { metadata: { epochs: 3 } as never })).toThrow(
      /safetensorsBytes: option 'metadata' must be an object of string values/,
    );
  });

  test('the torch layout needs a Module; float32 refuses a value it cannot hold', () => {
    expect(() => safetensorsBytes({ w: tensor([1]) }, { layout: 'torch' })).toThrow(
      /safetensorsBytes: option 'layout' must be 'tapegrad' for a state dict/,
    );
    expect(() => safetensorsBytes({ w: tensor([1, 1e39]) }, { dtype: 'float32' })).toThrow(
      /safetensorsBytes: tensor 'w' holds 1e\+39 at flat index 1, which F32 cannot carry/,
    );
    expect(() => safetensorsBytes(5 as never)).toThrow(
      /safetensorsBytes: argument 'source' must be a Module/,
    );
    expect(() => safetensorsBytes({ __metadata__: tensor([1]) })).toThrow(
      /safetensorsBytes: argument 'source' must be free of the name '__metadata__'/,
    );
    expect(() => safetensorsBytes({ w: 5 } as never, { layout: 'torch' })).toThrow(
      /safetensorsBytes: argument 'source\['w'\]' must be a Tensor/,
    );
  });
});

describe('round trips', () => {
  const model = () => new MLP([3, 5, 4, 2], { activation: 'tanh', output: 'softmax', rng: new Rng(11) });

  for (const layout of ['tapegrad', 'torch'] as const) {
    test(`${layout} layout, float64: every value back bit for bit`, () => {
      const saved = model();
      const loaded = new MLP([3, 5, 4, 2], { activation: 'tanh', output: 'softmax', rng: new Rng(99) });
      loadSafetensorsRoundTrip(saved, loaded, layout, 'float64');
      for (const [name, parameter] of loaded.namedParameters()) {
        expect(Array.from(parameter.data), name).toEqual(Array.from(saved.stateDict()[name]!.data));
      }
    });

    test(`${layout} layout, float32: every value is its float32 rounding`, () => {
      const saved = model();
      const loaded = new MLP([3, 5, 4, 2], { activation: 'tanh', output: 'softmax', rng: new Rng(99) });
      loadSafetensorsRoundTrip(saved, loaded, layout, 'float32');
      for (const [name, parameter] of loaded.namedParameters()) {
        const expected = Array.from(saved.stateDict()[name]!.data, Math.fround);
        expect(Array.from(parameter.data), name).toEqual(expected);
        // and not merely the same numbers as before: float32 did round them
        expect(expected).not.toEqual(Array.from(saved.stateDict()[name]!.data));
      }
    });
  }

  test('readSafetensors gives each tensor its shape and stored dtype', () => {
    const bytes = safetensorsBytes({ a: tensor([[1, 2, 3]]), b: tensor(7) }, { dtype: 'float32' });
    const { tensors, dtypes } = readSafetensors(bytes);
    expect(tensors.a!.shape).toEqual([1, 3]);
    expect(Array.from(tensors.a!.data)).toEqual([1, 2, 3]);
    expect(tensors.b!.shape).toEqual([]);
    expect(tensors.b!.item()).toBe(7);
    expect(dtypes).toEqual({ a: 'F32', b: 'F32' });
  });
});

function loadSafetensorsRoundTrip(
  saved: MLP,
  loaded: MLP,
  layout: 'tapegrad' | 'torch',
  dtype: 'float64' | 'float32',
): void {
  const report = loadSafetensorsInto(loaded, safetensorsBytes(saved, { layout, dtype }), { layout });
  expect(report.missing).toEqual([]);
  expect(report.unexpected).toEqual([]);
}

describe('what the reader refuses', () => {
  const entry = (dtype: string, shape: number[], offsets: number[]) => ({
    dtype,
    shape,
    data_offsets: offsets,
  });

  test('a file shorter than the 8-byte header length', () => {
    expect(() => readSafetensors(new Uint8Array(5))).toThrow(
      'readSafetensors: bytes: 5 bytes is too short for a safetensors file (it starts with an 8-byte header length)',
    );
  });

  test('a header length past the end of the file', () => {
    const bytes = handMade({ w: entry('F64', [1], [0, 8]) }, f64(1), 4000n);
    expect(() => readSafetensors(bytes)).toThrow(
      `readSafetensors: bytes: the header length is 4000 bytes, past the end of the file (${bytes.length} bytes)`,
    );
  });

  test('an absurd header length (over 100 MB) is refused before anything is read', () => {
    expect(() => readSafetensors(handMade({}, new Uint8Array(), 2n ** 63n))).toThrow(
      'readSafetensors: bytes: the header length is 9223372036854775808 bytes, over the 100000000',
    );
  });

  test('a header that is not JSON, or not an object', () => {
    expect(() => readSafetensors(handMade('{"w": {"dtype": "F64",'))).toThrow(
      /readSafetensors: bytes: the header is not valid UTF-8 JSON \(/,
    );
    expect(() => readSafetensors(handMade('[1, 2]'))).toThrow(
      'readSafetensors: bytes: the header must be a JSON object of tensors by name',
    );
  });

  test('overlapping data offsets name both tensors', () => {
    const header = { a: entry('F64', [2], [0, 16]), b: entry('F64', [2], [8, 24]) };
    expect(() => readSafetensors(handMade(header, f64(1, 2, 3)))).toThrow(
      "readSafetensors: bytes: tensor 'b' has data_offsets [8, 24], overlapping tensor 'a' (which ends at 16)",
    );
  });

  test('data offsets out of range', () => {
    const header = { a: entry('F64', [1], [0, 8]), b: entry('F64', [2], [8, 24]) };
    expect(() => readSafetensors(handMade(header, f64(1, 2)))).toThrow(
      "readSafetensors: bytes: tensor 'b' has data_offsets [8, 24], out of range: the data after the header is 16 bytes",
    );
  });

  test('a gap between tensors, and bytes after the last one', () => {
    const gap = { a: entry('F64', [1], [0, 8]), b: entry('F64', [1], [16, 24]) };
    expect(() => readSafetensors(handMade(gap, f64(1, 2, 3)))).toThrow(
      "readSafetensors: bytes: tensor 'b' has data_offsets [16, 24], not contiguous: bytes 8 to 16 belong to no tensor",
    );
    expect(() => readSafetensors(handMade({ a: entry('F64', [1], [0, 8]) }, f64(1, 2)))).toThrow(
      'readSafetensors: bytes: the tensors end at byte 8 of the data, but the file holds 16 bytes after the header',
    );
  });

  test('offsets that do not match dtype x shape', () => {
    expect(() => readSafetensors(handMade({ a: entry('F64', [3], [0, 16]) }, f64(1, 2)))).toThrow(
      "readSafetensors: bytes: tensor 'a' has data_offsets [0, 16], 16 bytes, but F64 x shape [3] takes 24 bytes",
    );
    expect(() => readSafetensors(handMade({ a: entry('F64', [2], [16, 0]) }, f64(1, 2)))).toThrow(
      "readSafetensors: bytes: tensor 'a' has data_offsets [16,0]; expected [begin, end] with 0 <= begin <= end",
    );
  });

  test('an unknown dtype names the ones that are read', () => {
    for (const dtype of ['BF16', 'I64', 'F16']) {
      expect(() => readSafetensors(handMade({ a: entry(dtype, [1], [0, 8]) }, f64(1)))).toThrow(
        `readSafetensors: bytes: tensor 'a' has dtype "${dtype}"; tapegrad reads F64 and F32 (in PyTorch, convert with tensor.double() before saving)`,
      );
    }
  });

  test('a malformed shape or entry, and metadata that is not strings', () => {
    expect(() => readSafetensors(handMade({ a: entry('F64', [-1], [0, 8]) }, f64(1)))).toThrow(
      "readSafetensors: bytes: tensor 'a' has shape [-1]; expected an array of whole numbers >= 0",
    );
    expect(() => readSafetensors(handMade({ a: 3 }))).toThrow(
      "readSafetensors: bytes: tensor 'a' is not an object { dtype, shape, data_offsets } in the header",
    );
    expect(() => readSafetensors(handMade({ __metadata__: { epochs: 3 } }))).toThrow(
      'readSafetensors: bytes: __metadata__ must be an object of string values, got {"epochs":3}',
    );
  });

  test('something that is not bytes', () => {
    expect(() => readSafetensors('model.safetensors' as never)).toThrow(
      /readSafetensors: argument 'bytes' must be a Uint8Array/,
    );
    expect(() => readSafetensors(new Uint8Array(5))).toThrow(DataError);
  });

  test('a tensor named __proto__ is an ordinary tensor, not a prototype', () => {
    const { tensors } = readSafetensors(
      handMade('{"__proto__":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}', f64(4)),
    );
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(tensors, '__proto__')!.value.item()).toBe(4);
  });

  test('a file with no tensors and a byte offset into a larger buffer both read', () => {
    expect(readSafetensors(handMade({}))).toEqual({ tensors: {}, dtypes: {}, metadata: {} });
    const file = handMade({ a: entry('F64', [1], [0, 8]) }, f64(0.25));
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    expect(readSafetensors(shifted.subarray(3)).tensors.a!.item()).toBe(0.25);
  });
});
