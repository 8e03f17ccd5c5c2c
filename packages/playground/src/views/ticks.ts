/**
 * Axis ticks at round numbers, for the boundary's axes and the loss chart: steps of 1, 2 or 5 times a
 * power of ten on a linear axis, powers of ten (and their 2 and 5 multiples when few) on a log axis.
 */

/**
 * The round step that cuts `span` into about `count` pieces: 1, 2 or 5 times a power of ten, the one
 * nearest span / count in ratio.
 * @example tickStep(4, 5); // 1
 */
export function tickStep(span: number, count: number): number {
  const rough = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const mantissa = rough / power;
  // The boundaries between 1, 2, 5 and 10 are their geometric means: sqrt(2), sqrt(10), sqrt(50).
  const round = mantissa < Math.SQRT2 ? 1 : mantissa < Math.sqrt(10) ? 2 : mantissa < Math.sqrt(50) ? 5 : 10;
  return round * power;
}

/**
 * About `count` round values from `min` to `max` (both included when round), ascending. An empty or
 * reversed range gives [min].
 * @example linearTicks(-2, 2, 5); // [-2, -1, 0, 1, 2]
 * @example linearTicks(0, 0.35, 4); // [0, 0.1, 0.2, 0.3]
 */
export function linearTicks(min: number, max: number, count: number): number[] {
  if (!(max > min) || !Number.isFinite(max - min)) return [min];
  const step = tickStep(max - min, count);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  // Multiplying an integer by the step (not adding steps) keeps 0.1 * 3 at 0.30000000000000004, which
  // formatNumber prints as 0.3; a running sum would drift further.
  for (let k = first; k <= last; k++) ticks.push(k * step === 0 ? 0 : k * step);
  return ticks;
}

/**
 * Ticks for a log axis from `min` to `max` (both > 0): each power of ten in the range, and when that gives
 * fewer than three ticks, also its multiples by 2 and 5.
 * @example logTicks(0.01, 1); // [0.01, 0.1, 1]
 * @example logTicks(0.15, 0.7); // [0.2, 0.5]
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [min];
  const decades: number[] = [];
  for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power++) {
    decades.push(power);
  }
  const inRange = (value: number) => value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9);
  const powers = decades.map((power) => decimal(1, power)).filter(inRange);
  if (powers.length >= 3) return powers;
  return decades.flatMap((power) => [1, 2, 5].map((multiple) => decimal(multiple, power))).filter(inRange);
}

/** multiple * 10^power, written so that 10^-1 is exactly the double nearest 0.1 (not 0.1 * 1.0000000001). */
function decimal(multiple: number, power: number): number {
  return power < 0 ? multiple / 10 ** -power : multiple * 10 ** power;
}

/**
 * A number as an axis or a tooltip shows it: at most `digits` significant digits without trailing zeros, an exponent for very small
 * or large magnitudes, and a true minus sign.
 * @example formatNumber(0.30000000000000004); // '0.3'
 * @example formatNumber(-1.5); // '−1.5'
 * @example formatNumber(0.0001); // '1e−4'
 */
export function formatNumber(value: number, digits = 3): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text =
    magnitude < 1e-3 || magnitude >= 1e6
      ? value
          .toExponential(digits - 1)
          .replace(/\.?0+e/, 'e')
          .replace('e+', 'e')
      : String(Number(value.toPrecision(digits)));
  return text.replaceAll('-', '\u2212');
}
