/**
 * The loss chart's axes as pure functions: the domains (rounded outward to ticks, so that they change
 * rarely while points are appended and the chart redraws in full only then) and the maps from values to
 * pixels, linear or logarithmic.
 */
import { linearTicks, logTicks, tickStep } from './ticks.ts';

export type Domain = readonly [number, number];

/** The smallest loss a log axis shows: a loss of exactly 0 would sit at minus infinity. */
export const LOG_FLOOR = 1e-12;

/**
 * The epochs axis: from `first` to `last` rounded up to the next multiple of the tick step (about 5 ticks),
 * so it grows in jumps of a tick rather than at every epoch.
 * @example epochDomain(0, 130); // [0, 140]
 */
export function epochDomain(first: number, last: number): Domain {
  if (!(last > first)) return [first, first + 1];
  const step = tickStep(last - first, 5);
  return [first, first + Math.ceil((last - first) / step - 1e-9) * step];
}

/**
 * The loss axis for losses from `smallest` to `largest`. Linear: from 0 to `largest` rounded up to a tick
 * (a loss is never negative, and 0 shows how far it has to go). Log: from the power of ten at or below
 * `smallest` (at least LOG_FLOOR) to the one at or above `largest`.
 * @example lossDomain(0.05, 0.69, false); // [0, 0.7]
 * @example lossDomain(0.05, 0.69, true); // [0.01, 1]
 */
export function lossDomain(smallest: number, largest: number, log: boolean): Domain {
  if (log) {
    const low = Math.max(LOG_FLOOR, smallest);
    const high = Math.max(low, largest);
    const bottom = 10 ** Math.floor(Math.log10(low) + 1e-9);
    let top = 10 ** Math.ceil(Math.log10(high) - 1e-9);
    if (!(top > bottom)) top = bottom * 10;
    return [bottom, top];
  }
  if (!(largest > 0)) return [0, 1];
  const step = tickStep(largest, 5);
  return [0, Math.ceil(largest / step - 1e-9) * step];
}

/**
 * The map from a domain to a pixel range (range[0] for domain[0]): linear, or linear in log10 of the value.
 * A log scale maps values at or below 0 to LOG_FLOOR's pixel.
 * @example axisScale([0, 10], [0, 100], false)(2.5); // 25
 * @example axisScale([0.01, 1], [100, 0], true)(0.1); // 50
 */
export function axisScale(domain: Domain, range: Domain, log: boolean): (value: number) => number {
  const transform = log
    ? (value: number) => Math.log10(Math.max(LOG_FLOOR, value))
    : (value: number) => value;
  const start = transform(domain[0]);
  const span = transform(domain[1]) - start;
  const pixels = range[1] - range[0];
  return (value) => range[0] + ((transform(value) - start) / span) * pixels;
}

/**
 * The ticks of a loss axis over `domain`.
 * @example lossTicks([0, 0.7], false); // [0, 0.2, 0.4, 0.6]
 */
export function lossTicks(domain: Domain, log: boolean): number[] {
  return log ? logTicks(domain[0], domain[1]) : linearTicks(domain[0], domain[1], 4);
}
