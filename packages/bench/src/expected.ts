/**
 * The expected float64 values of WORKLOADS.md §3 and the check of a record against them.
 *
 * The values are kept as the decimal strings §3 prints. A result matches when it is within the stated
 * relative tolerance (W2 and W4 1e-9, W3 1e-8) or within half a unit of the last printed digit, whichever
 * is larger: §3 rounds some values to fewer digits than the tolerance (W4 grad_x0 7.4454259e-05 is exact
 * only to 7e-9 relative).
 */
import { DEFAULT_SEED } from './data.ts';
import type { BenchRecord, WorkloadName } from './record.ts';

interface ExpectedValue {
  readonly field: string;
  readonly printed: string;
}

interface ExpectedSet {
  readonly relativeTolerance: number;
  /** Fields whose value depends on the full run (not available when W3 trains on a partial epoch). */
  readonly values: readonly ExpectedValue[];
}

export const EXPECTED: Readonly<Partial<Record<WorkloadName, ExpectedSet>>> = {
  W2: {
    relativeTolerance: 1e-9,
    values: [
      { field: 'initial_loss', printed: '0.65787029424' },
      { field: 'final_loss', printed: '0.00571966744' },
    ],
  },
  W3: {
    relativeTolerance: 1e-8,
    values: [
      { field: 'initial_loss', printed: '2.3163905814' },
      { field: 'final_loss', printed: '2.3023717587' },
    ],
  },
  W4: {
    relativeTolerance: 1e-9,
    values: [
      { field: 'out', printed: '0.0206834087' },
      { field: 'grad_w', printed: '-35.3914124' },
      { field: 'grad_b', printed: '-0.51761593' },
      { field: 'grad_x0', printed: '7.4454259e-05' },
    ],
  },
};

/** Half a unit in the last digit of a printed decimal: '0.0206834087' -> 5e-11, '7.4454259e-05' -> 5e-13. */
export function halfLastDigit(printed: string): number {
  const [mantissa, exponent = '0'] = printed.toLowerCase().split('e');
  const decimals = mantissa!.includes('.') ? mantissa!.split('.')[1]!.length : 0;
  return 0.5 * 10 ** (Number(exponent) - decimals);
}

export type CheckStatus = 'match' | 'MISMATCH' | 'not computed (partial epoch)' | 'no expected value';

export interface FieldCheck {
  readonly field: string;
  readonly actual: number | null;
  readonly expected: string;
  readonly tolerance: number;
  readonly status: CheckStatus;
}

/**
 * Checks each correctness field of a record against §3. Quick runs (small sizes) and other seeds have no
 * expected values; a partial W3 epoch has no final loss.
 */
export function checkRecord(record: BenchRecord, seed: number): FieldCheck[] {
  const expected = EXPECTED[record.workload];
  if (expected === undefined) return [];
  return expected.values.map(({ field, printed }) => {
    const value = record[field];
    const actual = typeof value === 'number' ? value : null;
    const target = Number(printed);
    const tolerance = Math.max(expected.relativeTolerance * Math.abs(target), halfLastDigit(printed));
    let status: CheckStatus;
    if (record.quick === true || seed !== DEFAULT_SEED) status = 'no expected value';
    else if (actual === null) status = 'not computed (partial epoch)';
    else status = Math.abs(actual - target) <= tolerance ? 'match' : 'MISMATCH';
    return { field, actual, expected: printed, tolerance, status };
  });
}
