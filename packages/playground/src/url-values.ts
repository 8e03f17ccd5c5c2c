/**
 * Reading one value of the URL query: text in, a value in its valid range out, and when the text was not
 * usable a problem that names the key, what it takes and what is used instead (the page shows these).
 */

/** A value read from the URL, and the problem with its text, if there was one. */
export interface ReadValue<T> {
  readonly value: T;
  readonly problem?: string;
}

/** A closed range of numbers; `above` makes the lower end open (a learning rate must be above 0). */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly above?: boolean;
  /** Whole numbers only. */
  readonly whole?: boolean;
}

/** What a key takes, in words: 'a whole number from 20 to 2000', 'a number above 0, at most 10'. */
export function describeRange(range: NumberRange): string {
  const kind = range.whole === true ? 'a whole number' : 'a number';
  return range.above === true
    ? `${kind} above ${range.min}, at most ${range.max}`
    : `${kind} from ${range.min} to ${range.max}`;
}

/** The number written in `text`, or NaN: `Number` would read '' and '  ' as 0. */
export function numberIn(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/**
 * The number `text` holds, rounded to a whole number if the range wants one and clamped into the range;
 * text that is not a number, or a value below an open lower end, gives `fallback`.
 * @example readNumber('points', '5000', { min: 20, max: 2000, whole: true }, 500);
 * // { value: 2000, problem: 'points=5000 is out of range: points takes a whole number from 20 to 2000; using 2000' }
 */
export function readNumber(
  key: string,
  text: string,
  range: NumberRange,
  fallback: number,
): ReadValue<number> {
  const takes = `${key} takes ${describeRange(range)}`;
  const parsed = numberIn(text);
  if (Number.isNaN(parsed)) {
    return {
      value: fallback,
      problem: `${key}=${text} is not a number: ${takes}; using the default ${fallback}`,
    };
  }
  if (range.above === true && parsed <= range.min) {
    return {
      value: fallback,
      problem: `${key}=${text} is out of range: ${takes}; using the default ${fallback}`,
    };
  }
  // Rounding first: 19.6 becomes 20, inside the range, and is told as a rounding.
  const whole = range.whole === true ? Math.round(parsed) : parsed;
  const value = Math.min(Math.max(whole, range.min), range.max);
  if (value !== whole) return { value, problem: `${key}=${text} is out of range: ${takes}; using ${value}` };
  if (whole !== parsed)
    return { value, problem: `${key}=${text} is not a whole number: ${takes}; using ${value}` };
  // -0 reads as 0: the same setting, written the same way back.
  return { value: value === 0 ? 0 : value };
}

/**
 * One of `choices`, as written (case and all); anything else gives `fallback`.
 * @example readChoice('act', 'gelu', ['sigmoid', 'tanh', 'relu'], 'tanh').problem;
 * // 'act=gelu is not known: act takes sigmoid, tanh or relu; using the default tanh'
 */
export function readChoice<T extends string>(
  key: string,
  text: string,
  choices: readonly T[],
  fallback: T,
): ReadValue<T> {
  const choice = choices.find((candidate) => candidate === text);
  if (choice !== undefined) return { value: choice };
  return {
    value: fallback,
    problem: `${key}=${text} is not known: ${key} takes ${listInWords(choices)}; using the default ${fallback}`,
  };
}

/** 'a', 'a or b', 'a, b or c'. */
export function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
