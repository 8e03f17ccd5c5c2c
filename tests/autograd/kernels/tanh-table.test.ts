/**
 * The vector tanh's table (kernels/vector/tanh-table.ts), built in double-double arithmetic at load time,
 * against tanh(j/64) from mpmath at 200 bits (hi and lo as Python's float(t) and float(t - hi), S as
 * float(1 - t^2)): T_hi and S exactly, T_lo to 1e-30 of T (the table needs about 1e-20).
 */
import { expect, test } from 'vitest';
import {
  TANH_ENTRIES,
  TANH_ENTRY_VALUES,
  TANH_TABLE,
} from '../../../packages/autograd/src/kernels/vector/tanh-table.ts';

const MPMATH: readonly (readonly [j: number, hi: number, lo: number, s: number])[] = [
  [8, 0.12435300177159621, -2.1451880813141441e-19, 0.9845363309503934],
  [9, 0.13970530282831423, -8.595607115678577e-18, 0.980482428361649],
  [64, 0.7615941559557649, 3.7090214482164924e-17, 0.4199743416140261],
  [640, 0.9999999958776927, 3.693278996616596e-17, 8.244614455767397e-9],
  [1219, 0.9999999999999999, 5.3858043804364315e-17, 1.1432851731630267e-16],
];

const entry = (j: number) =>
  Array.from(TANH_TABLE.subarray(j * TANH_ENTRY_VALUES, (j + 1) * TANH_ENTRY_VALUES));

test.each(MPMATH)('cell %i: tanh(j/64) as T_hi + T_lo, and 1 - T^2', (j, hi, lo, s) => {
  const [tHigh, tLow, scale, start] = entry(j);
  expect(tHigh).toBe(hi);
  expect(Math.abs(tLow! - lo)).toBeLessThanOrEqual(1e-30 * hi);
  expect(scale).toBe(s);
  expect(start).toBe(j / 64);
});

test('the cells below 1/32 are the cell at 0, and the last is |x| = 22, where tanh is 1', () => {
  expect(entry(0)).toEqual([0, 0, 1, 0]);
  expect(entry(1)).toEqual([0, 0, 1, 0]);
  expect(entry(2)[3]).toBe(2 / 64);
  expect(TANH_ENTRIES).toBe(22 * 64 + 1);
  const [tHigh, , , start] = entry(TANH_ENTRIES - 1);
  expect([tHigh, start]).toEqual([1, 22]);
});
