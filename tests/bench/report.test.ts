/**
 * The pieces of the benchmark's report that are plain logic: the §3 tolerance check, the speed ratios
 * against the targets, where a reference number comes from, and the update of docs/benchmarks.md.
 */
import { describe, expect, test } from 'vitest';
import { checkRecord, halfLastDigit } from '../../packages/bench/src/expected.ts';
import type { BenchRecord } from '../../packages/bench/src/record.ts';
import { REFERENCE_COLUMNS } from '../../packages/bench/src/references.ts';
import {
  findReference,
  RESULTS_END,
  RESULTS_START,
  replaceResults,
  report,
  speedRatio,
} from '../../packages/bench/src/report.ts';

const PYTORCH = REFERENCE_COLUMNS[0]!;

function w4Record(fields: Partial<Record<string, number | string | boolean>> = {}): BenchRecord {
  return {
    system: 'tapegrad',
    threads: 1,
    workload: 'W4',
    case: 'chain 10000 ops',
    dtype: 'float64',
    metric: 'us/op',
    median: 0.5,
    min: 0.4,
    max: 0.6,
    reps: 5,
    higher_is_better: false,
    out: 0.020683408686173237,
    grad_w: -35.39141243013339,
    grad_b: -0.5176159331884957,
    grad_x0: 7.445425909988252e-5,
    ...fields,
  };
}

describe('the correctness check against WORKLOADS.md §3', () => {
  test('half a unit of the last printed digit', () => {
    expect(halfLastDigit('0.0206834087')).toBeCloseTo(5e-11, 20);
    expect(halfLastDigit('7.4454259e-05')).toBeCloseTo(5e-13, 24);
    expect(halfLastDigit('-35.3914124')).toBeCloseTo(5e-8, 18);
  });

  test('the reference float64 values match; a value off by 1e-6 relative does not', () => {
    expect(checkRecord(w4Record(), 42).map((c) => c.status)).toEqual(['match', 'match', 'match', 'match']);
    const off = checkRecord(w4Record({ grad_w: -35.3914124 * (1 + 1e-6) }), 42);
    expect(off.find((c) => c.field === 'grad_w')?.status).toBe('MISMATCH');
  });

  test('quick runs and other seeds have no expected values', () => {
    expect(checkRecord(w4Record({ quick: true }), 42).every((c) => c.status === 'no expected value')).toBe(
      true,
    );
    expect(checkRecord(w4Record(), 7).every((c) => c.status === 'no expected value')).toBe(true);
  });
});

describe('the report', () => {
  test('speed ratios: higher is better as is, a time per op inverted', () => {
    expect(speedRatio(w4Record({ median: 0.433 }), 4.33)).toBeCloseTo(10, 12);
    expect(speedRatio({ ...w4Record(), higher_is_better: true, median: 3000 }, 12000)).toBeCloseTo(0.25, 12);
  });

  test('a reference of the same run wins over RESULTS.md, which is marked †', () => {
    const sameRun: BenchRecord = { ...w4Record(), system: 'pytorch', median: 4.0 };
    expect(findReference([sameRun], PYTORCH, 'W4', 'chain 10000 ops')).toMatchObject({
      sameRun: true,
      row: { median: 4.0 },
    });
    expect(findReference([], PYTORCH, 'W4', 'chain 10000 ops')).toMatchObject({
      sameRun: false,
      row: { median: 4.33 },
    });
    expect(report([w4Record()])).toContain('4.33 (3.84–4.39) †');
    expect(report([w4Record(), sameRun])).toContain('| 4.00 (0.400–0.600) |');
  });

  test('--update replaces only the text between the results markers', () => {
    const document = `# Title\n\n${RESULTS_START}\nold table\n${RESULTS_END}\n\nafter\n`;
    expect(replaceResults(document, 'new table\n')).toBe(
      `# Title\n\n${RESULTS_START}\n\nnew table\n\n${RESULTS_END}\n\nafter\n`,
    );
    expect(() => replaceResults('no markers', 'x')).toThrow('results markers');
  });
});
