/**
 * Parsers for option values, for commander's `argParser`: each returns the value or throws an
 * InvalidArgumentError saying what was expected, which commander prints after the option's name and exits
 * with code 2 (see main.ts).
 */
import { InvalidArgumentError } from 'commander';

/** A decimal number as typed: 12, -3.5, .5, 1e-3 (not '', 'NaN', '0x10' or 'Infinity'). */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number `text` spells, or undefined when it is not a plain decimal number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

function numberOrThrow(text: string, expected: string): number {
  const value = parseNumber(text);
  if (value === undefined) throw new InvalidArgumentError(`Expected ${expected}.`);
  return value;
}

/**
 * An integer from `minimum` to `maximum`.
 * @example integerInRange(1, 4)('3'); // 3; '0', '5' and '2.5' throw
 */
export function integerInRange(
  minimum: number,
  maximum = Number.POSITIVE_INFINITY,
): (text: string) => number {
  const expected =
    maximum === Number.POSITIVE_INFINITY
      ? `an integer >= ${minimum}`
      : `an integer from ${minimum} to ${maximum}`;
  return (text) => {
    const value = numberOrThrow(text, expected);
    if (!Number.isInteger(value) || value < minimum || value > maximum) {
      throw new InvalidArgumentError(`Expected ${expected}.`);
    }
    return value;
  };
}

/** An integer >= 1: a count or a size. */
export const positiveInteger = integerInRange(1);

/** Any integer, e.g. a seed. */
export function integer(text: string): number {
  const value = numberOrThrow(text, 'an integer');
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError('Expected an integer.');
  return value;
}

/** A number > 0, e.g. a learning rate. */
export function positiveNumber(text: string): number {
  const value = numberOrThrow(text, 'a number > 0');
  if (!(value > 0)) throw new InvalidArgumentError('Expected a number > 0.');
  return value;
}

/** A number >= 0, e.g. an L2 strength or a noise level. */
export function nonNegativeNumber(text: string): number {
  const value = numberOrThrow(text, 'a number >= 0');
  if (!(value >= 0)) throw new InvalidArgumentError('Expected a number >= 0.');
  return value;
}

/** A probability in [0, 1), e.g. a dropout rate. */
export function dropoutRate(text: string): number {
  const value = numberOrThrow(text, 'a number in [0, 1)');
  if (!(value >= 0 && value < 1)) throw new InvalidArgumentError('Expected a number in [0, 1).');
  return value;
}

/**
 * A tensor shape: positive integers separated by commas.
 * @example shapeList('3,4'); // [3, 4]
 */
export function shapeList(text: string): number[] {
  const sizes = text.split(',').map((part) => parseNumber(part));
  if (sizes.some((size) => size === undefined || !Number.isInteger(size) || size < 1)) {
    throw new InvalidArgumentError('Expected sizes >= 1 separated by commas, e.g. 3,4.');
  }
  return sizes as number[];
}
