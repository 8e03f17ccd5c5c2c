/**
 * The table `tapegrad compare` prints: one exponential format for differences and tolerances, and a note
 * on each parameter that passes only because of the absolute tolerance.
 */
import { tensor } from '@tapegrad/autograd';
import { compareGradients } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { entriesPassingByAtol, gradientTable } from '../../packages/cli/src/gradient-table.ts';

describe('entriesPassingByAtol', () => {
  test('counts the entries with |a - b| above rtol |b| but within atol + rtol |b|', () => {
    // atol 1e-8, rtol 1e-6. Entry 0: |a - b| = 5e-10 > 1e-6 * 5e-10, <= 1e-8: by atol.
    // Entry 1: |a - b| = 1e-7 <= 1e-6 * 1 by rtol alone. Entry 2: |a - b| = 1e-3, past both: fails.
    // Entry 3: a = b = 0, no difference at all.
    const a = tensor([1e-9, 1 + 1e-7, 2.001, 0]);
    const b = tensor([5e-10, 1, 2, 0]);
    expect(entriesPassingByAtol(a, b, 1e-8, 1e-6)).toBe(1);
    expect(entriesPassingByAtol(a, b, 0, 1e-6)).toBe(0);
  });
});

describe('gradientTable', () => {
  test('the rule and the differences in the same format; a note and a footnote for a pass by atol', () => {
    // w: |a - b| = 5e-10 (relative 1, passes by atol) and 1e-7 (relative 1e-7); the worst entry, nearest
    // its tolerance, is [1]: 1e-7 / (1e-8 + 1e-6) = 0.099 against 5e-10 / 1e-8 = 0.05.
    const a = { w: tensor([1e-9, 1 + 1e-7]), b: tensor([2]) };
    const b = { w: tensor([5e-10, 1]), b: tensor([2]) };
    const report = compareGradients(a, b, { atol: 1e-8, rtol: 1e-6 });
    expect(gradientTable(report, a, b).split('\n')).toEqual([
      'pass if |a - b| <= 1.00e-8 + 1.00e-6 * |b|',
      'parameter  shape  max |a-b|  max rel  worst  pass  note',
      'w          [2]      1.00e-7  1.00e+0  [1]    pass  passes by atol (1 of 2 entries)',
      'b          [1]      0.00e+0  0.00e+0  [0]    pass',
      'passes by atol: |a - b| <= 1.00e-8 although the relative difference is above 1.00e-6, because the ' +
        'gradient is near zero',
    ]);
  });

  test('no note column and no footnote when every pass is by rtol', () => {
    const a = { w: tensor([1 + 1e-7]) };
    const b = { w: tensor([1]) };
    const table = gradientTable(compareGradients(a, b, { atol: 1e-8, rtol: 1e-6 }), a, b);
    expect(table).not.toContain('atol');
    expect(table.split('\n')[1]).toBe('parameter  shape  max |a-b|  max rel  worst  pass');
  });
});
