/**
 * The safetensors format (Hugging Face's, what PyTorch models are shared in), read and written by hand:
 *
 *   [8 bytes: N, the header's length, unsigned little-endian]
 *   [N bytes: JSON { "__metadata__": {string: string}, name: { dtype, shape, data_offsets: [begin, end] } }]
 *   [the data: each tensor's values, row-major, little-endian, at data_offsets within this part]
 *
 * The header is padded with spaces to a multiple of 8 bytes, as the reference writer does, so that the data
 * starts 8-aligned. The reader trusts nothing: every length, offset and dtype is checked against the file
 * before a byte of data is read, and a file that fails is refused with a DataError naming it and the tensor.
 */
import { type Tensor, tensor } from '@tapegrad/autograd';
import { refuse } from '../checks/arguments.ts';
import { DataError } from '../errors.ts';

/** The element types tapegrad reads and writes: float64, and float32 (read back widened to float64). */
export type SafetensorsDtype = 'F64' | 'F32';

const BYTES_PER_ELEMENT: Readonly<Record<SafetensorsDtype, number>> = { F64: 8, F32: 4 };
const SUPPORTED_DTYPES = Object.keys(BYTES_PER_ELEMENT) as SafetensorsDtype[];

/** The reference implementation refuses headers over 100 MB: no real header comes near it. */
const MAX_HEADER_BYTES = 100_000_000;

/** The name the header keeps its string-to-string metadata under. */
const METADATA_KEY = '__metadata__';

/** One tensor to write: its values row-major in float64, stored as `dtype`. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** What a safetensors file holds: its tensors (float64), each one's stored dtype, and its metadata. */
export interface SafetensorsContents {
  readonly tensors: Record<string, Tensor>;
  readonly dtypes: Record<string, SafetensorsDtype>;
  readonly metadata: Record<string, string>;
}

/** The bytes of a safetensors file holding `entries` in this order, every one as `dtype`. */
export function encodeSafetensors(
  entries: readonly SafetensorsEntry[],
  dtype: SafetensorsDtype,
  metadata: Readonly<Record<string, string>>,
): Uint8Array {
  const itemBytes = BYTES_PER_ELEMENT[dtype];
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = metadata;
  let offset = 0;
  for (const entry of entries) {
    const end = offset + entry.data.length * itemBytes;
    header[entry.name] = { dtype, shape: [...entry.shape], data_offsets: [offset, end] };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength); // spaces: still valid JSON
  let position = 8 + headerLength;
  for (const entry of entries) {
    for (const value of entry.data) {
      if (dtype === 'F64') view.setFloat64(position, value, true);
      else view.setFloat32(position, value, true);
      position += itemBytes;
    }
  }
  return bytes;
}

/** One tensor's header entry, checked. */
interface HeaderEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOffset = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Checks one tensor's header entry on its own: a supported dtype, a shape, offsets that fit them. */
function headerEntry(source: string, name: string, value: unknown): HeaderEntry {
  const fail = (problem: string) => new DataError(`${source}: tensor '${name}' ${problem}`);
  if (!isRecord(value)) throw fail('is not an object { dtype, shape, data_offsets } in the header');
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string' || !SUPPORTED_DTYPES.includes(dtype as SafetensorsDtype)) {
    throw fail(
      `has dtype ${JSON.stringify(dtype)}; tapegrad reads ${SUPPORTED_DTYPES.join(' and ')} ` +
        '(in PyTorch, convert with tensor.double() before saving)',
    );
  }
  if (!Array.isArray(shape) || !shape.every(isOffset)) {
    throw fail(`has shape ${JSON.stringify(shape)}; expected an array of whole numbers >= 0`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every(isOffset) ||
    offsets[0]! > offsets[1]!
  ) {
    throw fail(`has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets as [number, number];
  const itemBytes = BYTES_PER_ELEMENT[dtype as SafetensorsDtype];
  const needed = shape.reduce((product: number, size: number) => product * size, 1) * itemBytes;
  if (end - begin !== needed) {
    throw fail(
      `has data_offsets [${begin}, ${end}], ${end - begin} bytes, but ${dtype} x shape [${shape.join(',')}] ` +
        `takes ${needed} bytes`,
    );
  }
  return { name, dtype: dtype as SafetensorsDtype, shape, begin, end };
}

/** The header's `__metadata__`: absent, or an object of strings. */
function headerMetadata(source: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value) || !Object.values(value).every((item) => typeof item === 'string')) {
    throw new DataError(
      `${source}: __metadata__ must be an object of string values, got ${JSON.stringify(value)}`,
    );
  }
  return value as Record<string, string>;
}

/** The header's JSON, once its length is known to fit the file, and where the data after it starts. */
function headerJson(
  source: string,
  bytes: Uint8Array,
): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) {
    throw new DataError(
      `${source}: ${bytes.length} bytes is too short for a safetensors file (it starts with an 8-byte header length)`,
    );
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw new DataError(
      `${source}: the header length is ${headerLength} bytes, over the ${MAX_HEADER_BYTES} a safetensors ` +
        'reader accepts; this is not a safetensors file, or it is corrupt',
    );
  }
  if (8n + headerLength > BigInt(bytes.length)) {
    throw new DataError(
      `${source}: the header length is ${headerLength} bytes, past the end of the file (${bytes.length} bytes); ` +
        'the file is truncated or not a safetensors file',
    );
  }
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      bytes.subarray(8, 8 + Number(headerLength)),
    );
    header = JSON.parse(text);
  } catch (error) {
    throw new DataError(`${source}: the header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) {
    throw new DataError(`${source}: the header must be a JSON object of tensors by name`);
  }
  return { header, dataStart: 8 + Number(headerLength) };
}

/**
 * Reads the tensors of a safetensors file, F64 or F32 (widened to float64). A file whose header length
 * runs past the file, whose header is not JSON, whose data offsets overlap, leave gaps, run out of the data
 * or disagree with the dtype and shape, or that holds another dtype (BF16, I64, ...) is refused with a
 * DataError naming the tensor.
 * @example
 * const { tensors, metadata } = readSafetensors(readFileSync('model.safetensors'));
 * tensors['0.weight'].shape; // [16, 2]: PyTorch's Linear weight, [out, in]
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsContents {
  return decodeSafetensors('readSafetensors', 'bytes', bytes);
}

/** `readSafetensors` for the function `fn`, whose errors name `file` (the file's path, or 'bytes'). */
export function decodeSafetensors(fn: string, file: string, bytes: Uint8Array): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) refuse(fn, 'bytes', "a Uint8Array (a file's contents)", bytes);
  const source = `${fn}: ${file}`;
  const { header, dataStart } = headerJson(source, bytes);
  const metadata = headerMetadata(source, header[METADATA_KEY]);
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, value]) => headerEntry(source, name, value));
  const dataLength = bytes.length - dataStart;
  checkLayout(source, entries, dataLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, dataLength);
  const values = entries.map((entry) => {
    const itemBytes = BYTES_PER_ELEMENT[entry.dtype];
    const data = new Float64Array((entry.end - entry.begin) / itemBytes);
    for (let i = 0; i < data.length; i++) {
      const at = entry.begin + i * itemBytes;
      data[i] = entry.dtype === 'F64' ? view.getFloat64(at, true) : view.getFloat32(at, true);
    }
    return tensor(data, { shape: entry.shape });
  });
  // fromEntries defines each name as its own property, so a tensor named `__proto__` stays a tensor.
  const tensors = Object.fromEntries(entries.map((entry, i) => [entry.name, values[i]!]));
  const dtypes = Object.fromEntries(entries.map((entry) => [entry.name, entry.dtype]));
  return { tensors, dtypes, metadata };
}

/**
 * The data part must be exactly the tensors, one after another: sorted by where they begin, each starts
 * where the one before ended, and the last ends where the file does (as the reference reader requires).
 */
function checkLayout(source: string, entries: readonly HeaderEntry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  let previous: HeaderEntry | undefined;
  for (const entry of sorted) {
    const where = `tensor '${entry.name}' has data_offsets [${entry.begin}, ${entry.end}]`;
    if (entry.end > dataLength) {
      throw new DataError(
        `${source}: ${where}, out of range: the data after the header is ${dataLength} bytes`,
      );
    }
    if (entry.begin < expectedBegin) {
      throw new DataError(
        `${source}: ${where}, overlapping tensor '${previous!.name}' (which ends at ${expectedBegin})`,
      );
    }
    if (entry.begin > expectedBegin) {
      throw new DataError(
        `${source}: ${where}, not contiguous: bytes ${expectedBegin} to ${entry.begin} belong to no tensor`,
      );
    }
    expectedBegin = entry.end;
    previous = entry;
  }
  if (expectedBegin !== dataLength) {
    throw new DataError(
      `${source}: the tensors end at byte ${expectedBegin} of the data, but the file holds ${dataLength} bytes ` +
        'after the header; the file is corrupt or not a safetensors file',
    );
  }
}
