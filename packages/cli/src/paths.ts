import { relative, resolve } from 'node:path';

/**
 * The folder the user typed the command in. `pnpm tapegrad ...` runs the package script in the package's
 * own folder and passes the user's folder as INIT_CWD; any other way of starting tapegrad (the workspace
 * bin, `node bin/tapegrad.js`) runs where the user is. INIT_CWD is only trusted when the "tapegrad"
 * script started us: a process started by some other script (a test runner, say) inherits a stale one.
 */
export function userDirectory(): string {
  const { INIT_CWD, npm_lifecycle_event } = process.env;
  return npm_lifecycle_event === 'tapegrad' && INIT_CWD ? INIT_CWD : process.cwd();
}

/**
 * A path the user gave, as an absolute path: relative paths count from `userDirectory()`.
 * @example resolveUserPath('runs/moons'); // '/home/me/project/runs/moons' when typed in /home/me/project
 */
export function resolveUserPath(path: string): string {
  return resolve(userDirectory(), path);
}

/** A path to show the user: relative to where they typed the command when it lies below it. */
export function displayPath(path: string): string {
  const shown = relative(userDirectory(), path);
  return shown === '' ? '.' : shown.startsWith('..') ? path : shown;
}
