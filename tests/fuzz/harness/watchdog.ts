/**
 * Runs a fuzz runner in a child process and watches it: the runner writes `call N description` before each
 * call and `summary {json}` at the end. No line for `callLimitMs` is a hang; an exit without a summary is a
 * crash. Either kills the child and rejects naming the last call and how to replay it with its seed.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface WatchLimits {
  /** The longest one call may take. Default 5 s. */
  readonly callLimitMs?: number;
  /** The longest the runner may take to load (tsx compiling the packages). Default 60 s. */
  readonly startupLimitMs?: number;
}

/** The summary JSON the runner printed, or a rejection naming the call that hung or killed it. */
export function runWatched(
  script: string,
  args: readonly string[],
  seed: number,
  limits: WatchLimits = {},
): Promise<string> {
  const { callLimitMs = 5_000, startupLimitMs = 60_000 } = limits;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', '@tapegrad/source-loader', script, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastCall = '(before the first call)';
    let summary: string | null = null;
    let stderr = '';
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      const index = lastCall.split(' ')[0];
      reject(
        new Error(
          `fuzz: ${why} at call ${lastCall} (seed ${seed}; replay: FUZZ_SEED=${seed} FUZZ_ONLY=${index})\n${stderr.slice(-2000)}`,
        ),
      );
    };
    let timer = setTimeout(() => fail('the runner did not start'), startupLimitMs);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('call ')) {
        lastCall = line.slice(5);
        clearTimeout(timer);
        timer = setTimeout(() => fail(`a hang: no progress for ${callLimitMs} ms`), callLimitMs);
      } else if (line.startsWith('summary ')) {
        summary = line.slice(8);
      }
    });
    child.on('exit', (code, signal) => {
      if (settled) return;
      if (summary !== null && code === 0) {
        settled = true;
        clearTimeout(timer);
        resolve(summary);
      } else fail(`the process died (exit ${code}, signal ${signal})`);
    });
  });
}
