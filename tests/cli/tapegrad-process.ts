/**
 * Running the `tapegrad` command as a user would: `node packages/cli/bin/tapegrad.js ...` in a
 * process of its own, in a folder of the test's choosing.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TAPEGRAD_BIN = fileURLToPath(new URL('../../packages/cli/bin/tapegrad.js', import.meta.url));

export interface TapegradRun {
  /** The exit code (null when a signal ended the process). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TapegradOptions {
  /** The folder the command runs in. */
  readonly cwd: string;
  /** Text for stdin (default: none, stdin closed at once). */
  readonly input?: string;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A fresh empty folder under the system's temp folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tapegrad-cli-${prefix}-`));
}

/**
 * The environment of the test runner without what a package script sets: a test started by `pnpm test`
 * inherits INIT_CWD and npm_lifecycle_event, which the command would otherwise read.
 */
function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (extra.INIT_CWD === undefined) delete env.INIT_CWD;
  if (extra.npm_lifecycle_event === undefined) delete env.npm_lifecycle_event;
  return env;
}

/** Starts `tapegrad ARGS` and returns the process, its stdin open (for tests that signal it). */
export function startTapegrad(
  args: readonly string[],
  options: TapegradOptions,
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [TAPEGRAD_BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env) });
}

/** Collects a started process's output until it exits. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<TapegradRun> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `tapegrad ARGS` to the end.
 * @example const { code, stdout } = await runTapegrad(['gradcheck', '--op', 'tanh'], { cwd: dir });
 */
export function runTapegrad(args: readonly string[], options: TapegradOptions): Promise<TapegradRun> {
  const child = startTapegrad(args, options);
  const result = finished(child);
  child.stdin.end(options.input ?? '');
  return result;
}

/**
 * Starts `tapegrad train` for a million epochs in `cwd` (run folder `run`), sends `signal` once the first
 * epoch has been printed, and returns how the process ended: what a user's Ctrl-C or a service manager's
 * SIGTERM does to a training run.
 */
export async function signalDuringTraining(cwd: string, signal: NodeJS.Signals): Promise<TapegradRun> {
  const child = startTapegrad(['train', '--points', '60', '--epochs', '1000000', '--out', 'run'], { cwd });
  const result = finished(child);
  child.stdin.end();
  let printed = '';
  await Promise.race([
    new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString('utf8');
        if (/^epoch +1\//m.test(printed)) resolve();
      });
    }),
    result,
  ]);
  child.kill(signal);
  return result;
}

/** A line of a stack trace, as Node prints an uncaught error: what a user error must never show. */
export const STACK_TRACE_LINE = /^\s+at .+[(:]\d+/m;
