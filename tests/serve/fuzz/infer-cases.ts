/**
 * Malformed bodies for the Open Inference Protocol's `POST /v2/models/{name}/infer`: a valid request with
 * one field broken (the body, `inputs`, a tensor's `name`, `shape`, `datatype`, `data` or `parameters`,
 * `id`, `outputs`), and the 400 must name that field.
 */
import { badRequest, type FuzzCase, postJson } from './fuzz-case.ts';
import { jsonText, literal, nestedLists, nestedObjects, objectOf } from './json-text.ts';
import type { Picker } from './picker.ts';
import { type InferInput, inferPath, MAX_ROWS, MODELS, validInferRequest } from './targets.ts';

/** A valid request of `rows` rows to a random model, and its one input tensor to break. */
function validRequest(pick: Picker, rows = pick.int(1, 4), datatype?: InferInput['datatype']) {
  const request = validInferRequest(pick, rows, datatype);
  return { path: inferPath(pick.pick(MODELS)), request, input: request.inputs[0]!, rows };
}

const inferCase = (path: string, body: unknown, mentions: string): FuzzCase =>
  badRequest(postJson(path, jsonText(body)), mentions);

/** Where a value of the data sits: `data[k]` when flat, `data[r][c]` when nested by row. */
function dataPlace(input: InferInput, flatIndex: number): string {
  return Array.isArray(input.data[0]) ? `[${Math.floor(flatIndex / 2)}][${flatIndex % 2}]` : `[${flatIndex}]`;
}

/** Puts `value` at `flatIndex` of the tensor's data, flat or nested. */
function setData(input: InferInput, flatIndex: number, value: unknown): void {
  const { data } = input;
  if (Array.isArray(data[0])) (data[Math.floor(flatIndex / 2)] as unknown[])[flatIndex % 2] = value;
  else data[flatIndex] = value;
}

/** The body is JSON but not an object. */
export function inferBodyNotAnObject(pick: Picker): FuzzCase {
  const { path, input } = validRequest(pick);
  const body = pick.pick<unknown>([7, 'input', null, false, [], [input]]);
  return inferCase(path, body, 'body: expected an object');
}

/** `inputs` missing, not a list, not exactly one tensor, or a tensor that is not an object. */
export function inputsMistyped(pick: Picker): FuzzCase {
  const { path, request, input } = validRequest(pick);
  switch (pick.int(0, 3)) {
    case 0:
      return inferCase(path, { ...request, inputs: undefined }, 'inputs: missing');
    case 1:
      return inferCase(
        path,
        { ...request, inputs: pick.pick<unknown>([5, 'input', {}, input, null]) },
        'inputs: expected a list',
      );
    case 2: {
      const inputs = pick.pick([[], [input, input], [input, input, input]]);
      return inferCase(path, { ...request, inputs }, 'inputs: expected exactly one input tensor');
    }
    default: {
      const inputs = [pick.pick<unknown>([1, 'input', null, true, [input]])];
      return inferCase(path, { ...request, inputs }, 'inputs[0]: expected an object');
    }
  }
}

/** A tensor's `name`, `shape` or `datatype` missing, of the wrong type, or not what the model takes. */
export function tensorFieldWrong(pick: Picker): FuzzCase {
  const { path, request, input } = validRequest(pick);
  const field = pick.pick(['name', 'shape', 'datatype']);
  const wrong: Readonly<Record<string, readonly unknown[]>> = {
    name: [undefined, 5, null, ['input'], 'inputs', 'INPUT', '', 'входные'],
    shape: [
      undefined,
      '2,2',
      null,
      2,
      [],
      [2],
      [1, 2, 1],
      [0, 2],
      [1, 3],
      [1, 1],
      [-1, 2],
      [1.5, 2],
      ['1', '2'],
      [literal('1e400'), 2],
      [1, literal('-1e400')],
    ],
    datatype: [undefined, 'FP16', 'fp64', 'INT32', 'BYTES', 'BOOL', 64, null, ['FP64']],
  };
  return inferCase(
    path,
    { ...request, inputs: [{ ...input, [field]: pick.pick(wrong[field]!) }] },
    `inputs[0].${field}`,
  );
}

/** A tensor's `data` missing or not a list, or holding a value that is not a finite number. */
export function dataValueWrong(pick: Picker): FuzzCase {
  const { path, request, input, rows } = validRequest(pick);
  if (pick.chance(0.3)) {
    const data = pick.pick<unknown>([undefined, '1,2', 5, null, {}, true]);
    return inferCase(path, { ...request, inputs: [{ ...input, data }] }, 'inputs[0].data');
  }
  const at = pick.int(0, rows * 2 - 1);
  const place = dataPlace(input, at);
  setData(input, at, pick.pick<unknown>(['1', '', 'NaN', true, null, {}, { value: 1 }]));
  return inferCase(path, request, `inputs[0].data${place}: expected a finite number`);
}

/** Fewer or more values than the shape holds. */
export function dataCountWrong(pick: Picker): FuzzCase {
  const rows = pick.int(1, 4);
  const { path, request, input } = validRequest(pick, rows);
  const count = pick.pick([0, 1, 2 * rows - 1, 2 * rows + 1, 4 * rows]);
  const data = Array.from({ length: count }, () => pick.number());
  return inferCase(path, { ...request, inputs: [{ ...input, data }] }, 'inputs[0].data');
}

/** A number too large for float64 written in the text: JSON.parse reads it as Infinity. */
export function hugeNumberInData(pick: Picker): FuzzCase {
  const { path, request, input, rows } = validRequest(pick);
  const at = pick.int(0, rows * 2 - 1);
  const place = dataPlace(input, at);
  setData(input, at, literal(pick.pick(['1e400', '-1e400', '1e309', '1.8e308', '-2e308'])));
  return inferCase(
    path,
    request,
    `inputs[0].data${place}: expected a finite number, got a number beyond the range of float64`,
  );
}

/** NaN, Infinity and undefined are not JSON; null is JSON but not a number. */
export function nonFiniteLiteralInData(pick: Picker): FuzzCase {
  const { path, request, input, rows } = validRequest(pick);
  const at = pick.int(0, rows * 2 - 1);
  const place = dataPlace(input, at);
  const word = pick.pick(['NaN', 'Infinity', '-Infinity', 'undefined', 'null']);
  setData(input, at, literal(word));
  const mentions =
    word === 'null'
      ? `inputs[0].data${place}: expected a finite number, got null`
      : 'the body is not valid JSON';
  return inferCase(path, request, mentions);
}

/** An FP32 tensor with a value beyond float32's range (3.4e38): no float32 holds it. */
export function fp32ValueOutOfRange(pick: Picker): FuzzCase {
  const { path, request, input, rows } = validRequest(pick, undefined, 'FP32');
  const at = pick.int(0, rows * 2 - 1);
  const place = dataPlace(input, at);
  setData(input, at, (pick.chance(0.5) ? 1 : -1) * pick.between(3.5e38, 1e300));
  return inferCase(path, request, `inputs[0].data${place}`);
}

/** Finite FP64 values the model cannot compute with (see valuesOverflowingTheModel): a 400 naming them. */
export function dataOverflowingTheModel(pick: Picker): FuzzCase {
  const { request, input, rows } = validRequest(pick, undefined, 'FP64');
  const sign = pick.chance(0.5) ? 1 : -1;
  const row = pick.int(0, rows - 1);
  setData(input, 2 * row, sign * pick.between(1.6e308, Number.MAX_VALUE));
  setData(input, 2 * row + 1, -sign * pick.between(1e308, Number.MAX_VALUE));
  return inferCase('/v2/models/moons/infer', request, 'inputs[0].data');
}

/** `id` of the wrong type, `outputs` wrong in type or name, `parameters` not an object. */
export function optionalFieldWrong(pick: Picker): FuzzCase {
  const { path, request, input } = validRequest(pick);
  switch (pick.int(0, 4)) {
    case 0:
      return inferCase(
        path,
        { ...request, id: pick.pick<unknown>([5, null, true, [], {}, ['r1']]) },
        'id: expected a string',
      );
    case 1: {
      const outputs = pick.pick<unknown>(['probabilities', 5, {}, null, { name: 'probabilities' }]);
      return inferCase(path, { ...request, outputs }, 'outputs: expected a list');
    }
    case 2: {
      const name = pick.pick(['logits', 'output', 'PROBABILITIES', '', 'вероятности']);
      return inferCase(
        path,
        { ...request, outputs: [{ name }] },
        `outputs: ${JSON.stringify(name)} is not an output`,
      );
    }
    case 3: {
      const output = pick.pick<unknown>([
        5,
        null,
        'probabilities',
        { nam: 'probabilities' },
        { name: 5 },
        { name: 'probabilities', shape: [1] },
      ]);
      return inferCase(path, { ...request, outputs: [output] }, 'outputs[0]');
    }
    default: {
      const parameters = pick.pick<unknown>(['x', 5, [], null, true]);
      if (pick.chance(0.5))
        return inferCase(path, { ...request, parameters }, 'parameters: expected an object');
      return inferCase(
        path,
        { ...request, inputs: [{ ...input, parameters }] },
        'inputs[0].parameters: expected an object',
      );
    }
  }
}

/** A field the protocol does not have, `__proto__` and `constructor` among them, in the body or the tensor. */
export function unknownInferField(pick: Picker): FuzzCase {
  const { path, request, input } = validRequest(pick);
  const field = pick.pick([
    '__proto__',
    'constructor',
    'model_name',
    'input',
    'rows',
    'Inputs',
    'ключ',
    '🤖',
  ]);
  const value = pick.pick<unknown>([1, 'x', { polluted: true }, null]);
  if (pick.chance(0.5)) {
    return inferCase(
      path,
      objectOf([...Object.entries(request), [field, value]]),
      `body: unknown field "${field}"`,
    );
  }
  const tensor = objectOf([...Object.entries(input), [field, value]]);
  return inferCase(path, { ...request, inputs: [tensor] }, `inputs[0]: unknown field "${field}"`);
}

/** More rows than the service takes (--max-rows), with data to match. */
export function tooManyInferRows(pick: Picker): FuzzCase {
  const rows = pick.int(MAX_ROWS + 1, 4 * MAX_ROWS);
  const { path, request } = validRequest(pick, rows);
  return inferCase(path, request, `inputs[0].shape: ${rows} rows; this service takes at most ${MAX_ROWS}`);
}

/** Data nested thousands of levels deep around a value, or a value that is a deeply nested object. */
export function deeplyNestedData(pick: Picker): FuzzCase {
  const { path, request, input } = validRequest(pick, 1);
  if (pick.chance(0.5)) {
    const data = literal(nestedLists(pick.int(10_000, 30_000), pick.pick(['"x"', 'null', '{}', '1', ''])));
    return inferCase(path, { ...request, inputs: [{ ...input, data }] }, 'inputs[0].data');
  }
  const data = [literal(nestedObjects(pick.int(2_000, 10_000))), pick.number()];
  return inferCase(
    path,
    { ...request, inputs: [{ ...input, data }] },
    'inputs[0].data[0]: expected a finite number',
  );
}

/** A long string where a number goes: the message quotes only its start, as for rows. */
export function longStringInData(pick: Picker): FuzzCase {
  const { path, request, input } = validRequest(pick);
  const place = dataPlace(input, 0);
  setData(input, 0, pick.text(pick.int(100, 10_000)));
  return inferCase(path, request, `inputs[0].data${place}: expected a finite number`);
}
