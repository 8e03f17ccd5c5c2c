/**
 * Malformed bodies for `POST /predict` and `POST /models/{name}/predict`: each is a valid request broken in
 * one place, and the 400 must name that place (`rows`, `rows[3]`, `rows[3][1]`).
 */
import { badRequest, type FuzzCase, postJson } from './fuzz-case.ts';
import { jsonText, literal, nestedLists, nestedObjects, objectOf } from './json-text.ts';
import type { Picker } from './picker.ts';
import {
  MAX_ROWS,
  MODELS,
  type ModelTarget,
  type PredictTarget,
  predictTarget,
  validRows,
} from './targets.ts';

/** Values that are not a finite number: strings, booleans, null, an object, a list. */
const NOT_NUMBERS: readonly unknown[] = ['1', '', 'NaN', 'abc', true, false, null, {}, { value: 1 }, [1]];

/** Rows with `bad` at a random index among valid ones; the index is where the message must point. */
function rowsAround(pick: Picker, model: ModelTarget, bad: unknown): { rows: unknown[]; at: number } {
  const rows: unknown[] = validRows(pick, model, pick.int(0, 4));
  const at = pick.int(0, rows.length);
  rows.splice(at, 0, bad);
  return { rows, at };
}

const predictCase = (target: PredictTarget, body: unknown, mentions: string): FuzzCase =>
  badRequest(postJson(target.path, jsonText(body)), mentions);

/** The body is JSON but not an object. */
export function bodyNotAnObject(pick: Picker): FuzzCase {
  const body = pick.pick<unknown>([42, -1.5, 'rows', '', null, true, [], [[1, 2]], [{ rows: [[1, 2]] }]]);
  return predictCase(predictTarget(pick), body, 'body: expected an object');
}

/** `rows` missing, misspelt, of the wrong type, or empty. */
export function rowsMissingOrMistyped(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const rows = validRows(pick, target.model, 2);
  switch (pick.int(0, 3)) {
    case 0:
      return predictCase(
        target,
        pick.pick([{}, { row: rows }, { Rows: rows }, { data: rows }]),
        'rows: missing',
      );
    case 1: {
      const notAList = pick.pick<unknown>([5, 'x1,x2', null, true, {}, { 0: [1, 2] }, pick.number()]);
      return predictCase(target, { rows: notAList }, 'rows: expected a list');
    }
    case 2:
      return predictCase(target, { rows: [] }, 'rows: no rows');
    default: {
      const field = pick.pick(['model', 'row', 'inputs', 'id', '', 'ключ', '🤖']);
      return predictCase(
        target,
        objectOf([
          ['rows', rows],
          [field, 1],
        ]),
        'body: unknown field',
      );
    }
  }
}

/** One row that is neither a list nor an object. */
export function rowNotARow(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const bad = pick.pick<unknown>([1, -2.5, 'x1=1,x2=2', '', true, false, null]);
  const { rows, at } = rowsAround(pick, target.model, bad);
  return predictCase(target, { rows }, `rows[${at}]: expected a row`);
}

/** One value of a row that is not a number, in a list row or an object row. */
export function valueNotANumber(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const bad = pick.pick(NOT_NUMBERS);
  const column = pick.int(0, 1);
  const values: unknown[] = [pick.number(), pick.number()];
  values[column] = bad;
  if (pick.chance(0.5)) {
    const { rows, at } = rowsAround(pick, target.model, values);
    return predictCase(target, { rows }, `rows[${at}][${column}]: expected a finite number`);
  }
  const [first, second] = target.model.features;
  const { rows, at } = rowsAround(pick, target.model, { [first]: values[0], [second]: values[1] });
  return predictCase(
    target,
    { rows },
    `rows[${at}].${target.model.features[column]}: expected a finite number`,
  );
}

/** A number too large for float64 written in the text (1e400, which JSON.parse reads as Infinity). */
export function hugeNumberInRow(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const huge = literal(pick.pick(['1e400', '-1e400', '1e309', '1.8e308', '-2e308', '123456789e999']));
  const column = pick.int(0, 1);
  const values: unknown[] = [pick.number(), pick.number()];
  values[column] = huge;
  const { rows, at } = rowsAround(pick, target.model, values);
  return predictCase(
    target,
    { rows },
    `rows[${at}][${column}]: expected a finite number, got a number beyond the range of float64`,
  );
}

/** NaN, Infinity and undefined are not JSON (a 400 for the text); null is JSON but not a number. */
export function nonFiniteLiteralInRow(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const word = pick.pick(['NaN', 'Infinity', '-Infinity', 'undefined', 'null']);
  const column = pick.int(0, 1);
  const values: unknown[] = [pick.number(), pick.number()];
  values[column] = literal(word);
  const { rows, at } = rowsAround(pick, target.model, values);
  const mentions =
    word === 'null'
      ? `rows[${at}][${column}]: expected a finite number, got null`
      : 'the body is not valid JSON';
  return predictCase(target, { rows }, mentions);
}

/**
 * Finite values the model cannot compute with: moons standardizes x1 by a std of 0.89 and x2 by 0.53, so
 * |x1| > 1.6e308 and |x2| > 0.95e308 become infinities, and of opposite signs a hidden unit sums them to
 * inf - inf = NaN. No class can be read from the output: the row is the client's to fix, a 400 naming it.
 */
export function valuesOverflowingTheModel(pick: Picker): FuzzCase {
  const sign = pick.chance(0.5) ? 1 : -1;
  const values = [
    sign * pick.between(1.6e308, Number.MAX_VALUE),
    -sign * pick.between(1e308, Number.MAX_VALUE),
  ];
  const target: PredictTarget = {
    path: pick.pick(['/predict', '/models/moons/predict']),
    model: MODELS[0]!,
  };
  const { rows, at } = rowsAround(pick, target.model, values);
  return predictCase(target, { rows }, `rows[${at}]`);
}

/** A list row with other than two values. */
export function rowOfWrongLength(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const length = pick.pick([0, 1, 3, 4, 10]);
  const bad = Array.from({ length }, () => pick.number());
  const { rows, at } = rowsAround(pick, target.model, bad);
  return predictCase(
    target,
    { rows },
    `rows[${at}]: ${length} values, the model "${target.model.name}" takes 2`,
  );
}

/** An object row with a feature missing, another model's feature names, or a name the model lacks. */
export function objectRowWithWrongNames(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const [first, second] = target.model.features;
  const key = () => (pick.chance(0.1) ? pick.text(pick.int(100, 2000)) : pick.text(pick.int(1, 12)));
  switch (pick.int(0, 3)) {
    case 0: {
      const kept = pick.pick([first, second]);
      const missing = kept === first ? second : first;
      const { rows, at } = rowsAround(pick, target.model, { [kept]: pick.number() });
      return predictCase(target, { rows }, `rows[${at}]: no value for feature "${missing}"`);
    }
    case 1: {
      const names = pick.pick([
        [first.toUpperCase(), second],
        [` ${first}`, second],
        target.model.name === 'fruit' ? ['x1', 'x2'] : ['weight_g', 'diameter_cm'],
      ]);
      const row = objectOf(names.map((name) => [name, pick.number()]));
      const { rows, at } = rowsAround(pick, target.model, row);
      return predictCase(target, { rows }, `rows[${at}]: no value for feature`);
    }
    default: {
      const extra = key();
      const row = objectOf([
        [first, pick.number()],
        [extra, pick.number()],
        [second, pick.number()],
      ]);
      const { rows, at } = rowsAround(pick, target.model, row);
      return predictCase(target, { rows }, `rows[${at}]: unknown feature`);
    }
  }
}

/** `__proto__`, `constructor` and their kin as keys: an unknown feature like any other, never a prototype. */
export function prototypeKeysInRows(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const [first, second] = target.model.features;
  const key = pick.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']);
  const value = pick.pick<unknown>([pick.number(), { polluted: 1 }, { [first]: 1, [second]: 2 }, null]);
  switch (pick.int(0, 2)) {
    case 0: {
      // Beside both features: one key too many.
      const row = objectOf([
        [first, pick.number()],
        [key, value],
        [second, pick.number()],
      ]);
      const { rows, at } = rowsAround(pick, target.model, row);
      const mentions = typeof value === 'number' ? `rows[${at}]: unknown feature "${key}"` : `rows[${at}]`;
      return predictCase(target, { rows }, mentions);
    }
    case 1: {
      // In place of a feature, holding the features: they must not be read through it.
      const row = objectOf([[key, { [first]: 1, [second]: 2 }]]);
      const { rows, at } = rowsAround(pick, target.model, row);
      return predictCase(target, { rows }, `rows[${at}]`);
    }
    default:
      return predictCase(
        target,
        objectOf([
          ['rows', validRows(pick, target.model, 1)],
          [key, value],
        ]),
        `body: unknown field "${key}"`,
      );
  }
}

/** More rows than the service takes (--max-rows). */
export function tooManyRows(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const count = pick.int(MAX_ROWS + 1, 3 * MAX_ROWS);
  return predictCase(
    target,
    { rows: validRows(pick, target.model, count) },
    `rows: ${count} rows; this service takes at most ${MAX_ROWS}`,
  );
}

/** A row or a value nested thousands of levels deep. */
export function deeplyNestedRow(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  if (pick.chance(0.5)) {
    const depth = pick.int(10_000, 30_000);
    const row = literal(nestedLists(depth, pick.chance(0.5) ? '1' : ''));
    return predictCase(target, { rows: [row] }, 'rows[0][0]: expected a finite number, got a list');
  }
  const depth = pick.int(2_000, 10_000);
  const [first, second] = target.model.features;
  const row = { [first]: literal(nestedObjects(depth)), [second]: pick.number() };
  return predictCase(target, { rows: [row] }, `rows[0].${first}: expected a finite number, got an object`);
}

/** A long string where a number goes: the message quotes only its start. */
export function longStringInRow(pick: Picker): FuzzCase {
  const target = predictTarget(pick);
  const value = pick.text(pick.int(100, 10_000));
  const { rows, at } = rowsAround(pick, target.model, [value, pick.number()]);
  return predictCase(target, { rows }, `rows[${at}][0]: expected a finite number`);
}
