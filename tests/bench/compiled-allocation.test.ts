/**
 * What a replayed W2 step allocates (fixtures/replay-allocation.ts, in a child process with --expose-gc):
 * no typed array at all and no growth of the heap over 10,000 steps; the short-lived garbage left per step
 * is bookkeeping of the matmul kernel (its strided views and batch odometer, about 600 bytes per product),
 * of the compiled function's call and of SGD's step, a tenth of the eager step's heap garbage and none of
 * its 112 KB of arrays.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

interface Garbage {
  readonly bytesPerCall: number;
  readonly arrayBufferBytesPerCall: number;
  readonly scavenges: number;
}

const script = fileURLToPath(new URL('./fixtures/replay-allocation.ts', import.meta.url));
const output = execFileSync(
  process.execPath,
  ['--expose-gc', '--import', '@tapegrad/source-loader', script],
  {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  },
);
const { before, after, compiled, eager } = JSON.parse(output) as {
  before: number;
  after: number;
  compiled: Garbage;
  eager: Garbage;
};

test('10,000 replays of the compiled W2 step keep the heap flat', () => {
  // A tensor per op per step would be megabytes over 10,000 steps; flat means under 256 KiB of drift.
  expect(after - before).toBeLessThan(256 * 1024);
});

test('a replayed W2 step allocates no typed array, and under 4 KiB of short-lived objects', () => {
  // The young generation was never collected while counting, so its growth is every byte allocated.
  expect(compiled.scavenges).toBe(0);
  expect(compiled.arrayBufferBytesPerCall).toBe(0);
  expect(compiled.bytesPerCall).toBeLessThan(4096);
});

test('the eager W2 step, for scale: a new array per op (over 100 KB) and tens of KB of objects', () => {
  expect(eager.scavenges).toBe(0);
  // The [200, 16] activations alone are 25,600 bytes each; an eager step makes several.
  expect(eager.arrayBufferBytesPerCall).toBeGreaterThan(100_000);
  expect(eager.bytesPerCall).toBeGreaterThan(10 * compiled.bytesPerCall);
});
