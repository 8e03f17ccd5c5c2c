/**
 * How the report writes values: numbers to a readable precision, fractions as percentages.
 */

/**
 * A number with at most `digits` significant digits and no trailing zeros; integers as they are.
 * @example formatNumber(0.123456789); // '0.123457'
 * @example formatNumber(1.5e-7); // '1.5e-7'
 */
export function formatNumber(value: number, digits = 6): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(digits)));
}

/** A fraction in [0, 1] as a percentage with one decimal: 0.975 -> '97.5%'. */
export function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}

/** A count with its noun, singular for one: plural(1, 'epoch') -> '1 epoch', plural(3, 'row') -> '3 rows'. */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
