/**
 * What a replay allocates (fixtures/replay-allocation.ts, in a child process with --expose-gc): nothing.
 * The W2 step (forward, backward and SGD's update), a program of the layout and index ops (their kernels
 * bound to the shapes once, when the plan is built) and a tiny MLP's compileStep with SGD and momentum or
 * Adam (the call, the gradients zeroed and the optimizer's step included) leave no typed array and no
 * object (measured 0 to 0.02 bytes per call over 1,000 calls; one 16-byte object per call would be 16);
 * the heap stays flat over 10,000 W2 steps. The eager W2 step, for scale, leaves tens of KB of objects and 112 KB of
 * arrays.
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
const { before, after, compiled, eager, layout, sgdMomentum, adam } = JSON.parse(output) as {
  before: number;
  after: number;
  compiled: Garbage;
  eager: Garbage;
  layout: Garbage;
  sgdMomentum: Garbage;
  adam: Garbage;
};

/** No scavenge while counting (so the young generation's growth is every byte allocated), no typed array. */
function expectNothingAllocated(garbage: Garbage): void {
  expect(garbage.scavenges).toBe(0);
  expect(garbage.arrayBufferBytesPerCall).toBe(0);
  // Measured 0 to 0.02 bytes. Before the kernels, the call and the optimizers' steps allocated nothing,
  // these replays left 370 (W2) to 4,000 bytes (the layout program) each.
  expect(garbage.bytesPerCall).toBeLessThan(1);
}

test('10,000 replays of the compiled W2 step keep the heap flat', () => {
  // A tensor per op per step would be megabytes over 10,000 steps; flat means under 256 KiB of drift.
  expect(after - before).toBeLessThan(256 * 1024);
});

test('a replayed W2 step allocates nothing: no typed array, no object (matmul bound once included)', () => {
  expectNothingAllocated(compiled);
});

test('the eager W2 step, for scale: a new array per op (over 100 KB) and tens of KB of objects', () => {
  expect(eager.scavenges).toBe(0);
  // The [200, 16] activations alone are 25,600 bytes each; an eager step makes several.
  expect(eager.arrayBufferBytesPerCall).toBeGreaterThan(100_000);
  expect(eager.bytesPerCall).toBeGreaterThan(10_000);
});

test('a replay of gather, indexSelect, concat, stack, permute, transpose and slice (and their adjoints) allocates nothing', () => {
  expectNothingAllocated(layout);
});

test('a compiled step of a tiny MLP with SGD and momentum allocates nothing, the optimizer step included', () => {
  expectNothingAllocated(sgdMomentum);
});

test('a compiled step of a tiny MLP with Adam allocates nothing, the optimizer step included', () => {
  expectNothingAllocated(adam);
});
