/**
 * The public-API fuzz: at least 10,000 calls of every public function and method of @tapegrad/autograd and
 * @tapegrad/nn (and every Tensor method), each a valid call or a valid call with one argument replaced by
 * an invalid value (tests/fuzz/harness/values.ts says what is invalid). They run in a child process that
 * announces each call before making it, so a hang (no next call within CALL_LIMIT_MS) or a dead process
 * fails the test naming the call. Held to: every valid call succeeds; no hang, crash (a non-Error throw, a
 * stack overflow, the process dying) or silent acceptance of an invalid call; and at least 99% of the
 * errors are tapegrad's typed errors whose message names the function and the argument.
 *
 * FUZZ_SEED=n picks the seed (printed on failure); FUZZ_ONLY=i replays call i of that seed alone:
 * `node --import @tapegrad/source-loader tests/fuzz/harness/run-calls.ts SEED TOTAL I`.
 */
import { fileURLToPath } from 'node:url';
import * as autograd from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import type { Summary } from './harness/run-calls.ts';
import { runWatched } from './harness/watchdog.ts';
import { allSpecs } from './specs/index.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const TOTAL = 12_000;
const RUNNER = fileURLToPath(new URL('./harness/run-calls.ts', import.meta.url));

/** Exports that are not functions to call: error classes, and name lists. */
const NOT_CALLED = new Set([
  'AnomalyError',
  'ArgumentError',
  'CompileError',
  'GradientError',
  'ShapeError',
  'ConfigError',
  'DataError',
  'DivergenceError',
  'StateDictError',
  'Module',
  'Optimizer',
  'LRScheduler',
  'Loss',
]);

describe('public API fuzz', () => {
  test('every export of autograd and nn and every Tensor method has a spec', () => {
    const ids = new Set(allSpecs().map((s) => s.id));
    const exported = (module: Record<string, unknown>, prefix: string) =>
      Object.entries(module)
        .filter(([name, value]) => typeof value === 'function' && !NOT_CALLED.has(name))
        .map(([name]) => `${prefix}${name}`);
    const methods = Object.getOwnPropertyNames(autograd.Tensor.prototype)
      .filter((name) => name !== 'constructor' && !['ndim', 'isLeaf'].includes(name))
      .map((name) => `Tensor#${name}`);
    const missing = [...exported(autograd, ''), ...exported(nn, 'nn.'), ...methods].filter(
      (id) => !ids.has(id),
    );
    expect(missing).toEqual([]);
  });

  test(`${TOTAL} seeded calls: no hang, crash or silent acceptance; 99% typed errors naming the function and argument`, async () => {
    const only = process.env.FUZZ_ONLY ? [process.env.FUZZ_ONLY] : [];
    const summary = JSON.parse(
      await runWatched(RUNNER, [String(SEED), String(TOTAL), ...only], SEED),
    ) as Summary;
    const { counts } = summary;
    const errors = counts.named + counts.unnamed + counts.generic + counts.crash;
    const invalid = errors + counts.silent;
    const report = [
      `seed ${summary.seed}: ${summary.calls} calls (${summary.validCalls} valid, ${invalid} invalid)`,
      `named typed errors ${counts.named} (${((100 * counts.named) / errors).toFixed(2)}% of errors), typed but unnamed ${counts.unnamed}, generic ${counts.generic}, crashes ${counts.crash}, silent ${counts.silent}`,
      ...Object.entries(summary.examples).flatMap(([kind, list]) => list.map((line) => `  ${kind}: ${line}`)),
      ...summary.validFailures.map((line) => `  valid call failed: ${line}`),
      `replay one call: FUZZ_SEED=${summary.seed} FUZZ_ONLY=<#> (or node --import @tapegrad/source-loader tests/fuzz/harness/run-calls.ts ${summary.seed} ${TOTAL} <#>)`,
    ].join('\n');
    console.log(report.split('\n').slice(0, 2).join('\n'));
    expect(summary.calls, report).toBeGreaterThanOrEqual(process.env.FUZZ_ONLY ? 1 : 10_000);
    expect(summary.validFailures, report).toEqual([]);
    expect(counts.crash, report).toBe(0);
    expect(counts.silent, report).toBe(0);
    expect(counts.named / errors, report).toBeGreaterThanOrEqual(0.99);
  }, 120_000);
});

describe('the watchdog', () => {
  const fixture = fileURLToPath(new URL('./harness/misbehaving-runner.ts', import.meta.url));

  test('a call that hangs fails the run, naming the call and how to replay it', async () => {
    await expect(runWatched(fixture, ['hang'], 7, { callLimitMs: 500 })).rejects.toThrow(
      /a hang: no progress for 500 ms at call 0 spin\(forever\) \(seed 7; replay: FUZZ_SEED=7 FUZZ_ONLY=0\)/,
    );
  });

  test('a process that dies fails the run, naming the last call', async () => {
    await expect(runWatched(fixture, ['die'], 7)).rejects.toThrow(
      /the process died \(exit 3.*at call 1 exit\(3\)/,
    );
  });
});
