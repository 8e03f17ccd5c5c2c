/**
 * How the report writes values: numbers to a readable precision, anything else as compact JSON.
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

/** A value of a config or metrics record as text: strings as they are, numbers exactly, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The entries of a nested record as [dotted key, value] pairs: nested objects are opened, arrays and
 * other values kept whole.
 * @example flattenRecord({ optimizer: { name: 'adam', lr: 0.01 } }); // [['optimizer.name', 'adam'], ['optimizer.lr', 0.01]]
 */
export function flattenRecord(record: Readonly<Record<string, unknown>>, prefix = ''): [string, unknown][] {
  return Object.entries(record).flatMap(([key, value]): [string, unknown][] =>
    isPlainObject(value) && Object.keys(value).length > 0
      ? flattenRecord(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}
