import { describe, expect, test } from 'vitest';
import {
  axisScale,
  epochDomain,
  LOG_FLOOR,
  lossDomain,
  lossTicks,
} from '../../../packages/playground/src/views/loss-scale.ts';
import {
  formatNumber,
  linearTicks,
  logTicks,
  tickStep,
} from '../../../packages/playground/src/views/ticks.ts';

const closeTo = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, k) => {
    expect(value).toBeCloseTo(expected[k]!, 12);
  });
};

describe('ticks', () => {
  test('the step is 1, 2 or 5 times a power of ten, nearest span / count', () => {
    expect(tickStep(4, 5)).toBe(1);
    expect(tickStep(10, 5)).toBe(2);
    expect(tickStep(130, 5)).toBe(20);
    expect(tickStep(0.69, 5)).toBeCloseTo(0.1, 15);
    expect(tickStep(35, 5)).toBe(5);
    expect(tickStep(90, 5)).toBe(20);
  });

  test('linear ticks are the step multiples inside the range, ends included when round', () => {
    expect(linearTicks(-2, 2, 5)).toEqual([-2, -1, 0, 1, 2]);
    closeTo(linearTicks(0, 0.35, 4), [0, 0.1, 0.2, 0.3]);
    expect(linearTicks(-1.3, 2.7, 5)).toEqual([-1, 0, 1, 2]);
    expect(linearTicks(3, 3, 5)).toEqual([3]);
    expect(linearTicks(0, 140, 5)).toEqual([0, 20, 40, 60, 80, 100, 120, 140]);
  });

  test('log ticks are the powers of ten, or with their 2 and 5 multiples when fewer than three', () => {
    expect(logTicks(0.01, 1)).toEqual([0.01, 0.1, 1]);
    expect(logTicks(0.001, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(0.15, 0.7)).toEqual([0.2, 0.5]);
    expect(logTicks(0.1, 1)).toEqual([0.1, 0.2, 0.5, 1]);
  });

  test('numbers are printed short: 3 significant digits, no float noise, an exponent when tiny, a true minus', () => {
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
    expect(formatNumber(-1.5)).toBe('\u22121.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.0001)).toBe('1e\u22124');
    expect(formatNumber(0.000152)).toBe('1.52e\u22124');
    expect(formatNumber(2_500_000)).toBe('2.5e6');
    expect(formatNumber(123.456)).toBe('123');
    expect(formatNumber(0.812345, 4)).toBe('0.8123');
  });
});

describe('the loss chart scales', () => {
  test('the epoch axis grows to the next tick, so it changes every 20 epochs near 130, not every epoch', () => {
    expect(epochDomain(0, 130)).toEqual([0, 140]);
    expect(epochDomain(0, 140)).toEqual([0, 140]);
    expect(epochDomain(0, 141)).toEqual([0, 160]);
    expect(epochDomain(1, 1)).toEqual([1, 2]);
  });

  test('the linear loss axis runs from 0 to the largest loss rounded up to a tick', () => {
    closeTo(lossDomain(0.05, 0.69, false), [0, 0.7]);
    closeTo(lossDomain(0.05, 2.3, false), [0, 2.5]);
    expect(lossDomain(Number.POSITIVE_INFINITY, 0, false)).toEqual([0, 1]);
  });

  test('the log loss axis runs between the powers of ten around the losses, never below LOG_FLOOR', () => {
    expect(lossDomain(0.05, 0.69, true)).toEqual([0.01, 1]);
    expect(lossDomain(0.1, 1, true)).toEqual([0.1, 1]);
    expect(lossDomain(0.5, 0.5, true)).toEqual([0.1, 1]);
    expect(lossDomain(0, 0.3, true)[0]).toBe(LOG_FLOOR);
  });

  test('scales map the domain onto the pixel range, linearly or in log10', () => {
    expect(axisScale([0, 10], [0, 100], false)(2.5)).toBe(25);
    expect(axisScale([0, 0.7], [150, 20], false)(0.35)).toBeCloseTo(85, 12);
    expect(axisScale([0.01, 1], [100, 0], true)(0.1)).toBe(50);
    expect(axisScale([0.01, 1], [100, 0], true)(1)).toBe(0);
    expect(axisScale([0.01, 1], [100, 0], true)(0.01)).toBe(100);
  });

  test('the loss ticks: about four on a linear axis, the decades on a log axis', () => {
    closeTo(lossTicks([0, 0.7], false), [0, 0.2, 0.4, 0.6]);
    expect(lossTicks([0.001, 1], true)).toEqual([0.001, 0.01, 0.1, 1]);
  });
});
