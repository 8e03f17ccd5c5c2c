/**
 * What a failing command tells the user. A user error (a wrong value, a missing or malformed file, a
 * setting the library refuses) prints its message and exits with code 2; anything else is a bug in
 * tapegrad and keeps its stack trace (exit code 1).
 */

/** The exit codes of the `tapegrad` command. */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2 } as const;

/** A command called in a way that cannot work: the message says what was wrong and what to do instead. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The errors of @tapegrad/nn and @tapegrad/autograd that come from what the user asked for (a bad
 * setting, data that does not fit, a learning rate that diverges), by name, so that an error re-created
 * from a worker thread's message counts the same as the original.
 */
const USER_ERROR_NAMES: ReadonlySet<string> = new Set([
  'UsageError',
  'ConfigError',
  'DataError',
  'DivergenceError',
  'StateDictError',
  'ShapeError',
  'ArgumentError',
]);

/**
 * Whether an error is the user's to fix (message only, exit code 2) rather than a bug (stack trace).
 * @example isUserError(new UsageError('--model runs/x: no such folder')); // true
 */
export function isUserError(error: unknown): error is Error {
  return error instanceof Error && USER_ERROR_NAMES.has(error.name);
}
