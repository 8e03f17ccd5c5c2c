/**
 * How much a function allocates per call, for the allocation fixtures (run in a child process with
 * --expose-gc). After a full collection the young generation is empty and every allocation bumps its
 * pointer, so the new space's used size after N calls, over N, is the garbage per call, exact as long as no
 * scavenge emptied it in between: the scavenges counted over the N calls (PerformanceObserver 'gc'
 * entries) say whether that held. A typed array's storage lies outside the V8 heap: it is counted apart, as
 * the growth of process.memoryUsage().arrayBuffers (freed only by a collection, so it too only grows between
 * them). Each measure keeps the least of a few spans after a warm-up: while V8 is still optimising (or
 * re-optimising a function another workload made polymorphic) a span counts the interpreter's boxed
 * numbers, which a steady loop does not allocate.
 */
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

export const gc = (globalThis as { gc?: () => void }).gc!;

let scavenges = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
  }
});
observer.observe({ entryTypes: ['gc'] });

/** Stops counting scavenges, so that the process can exit. */
export function stopCounting(): void {
  observer.disconnect();
}

const newSpaceUsed = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_used_size;
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * Waits for the collector's concurrent work to end: a collection frees typed arrays' storage after it
 * returns, and storage freed inside a counted span would be subtracted from what the span allocated.
 */
async function settle(): Promise<void> {
  let buffers = process.memoryUsage().arrayBuffers;
  for (let tries = 0; tries < 50; tries++) {
    await pause();
    const now = process.memoryUsage().arrayBuffers;
    if (now === buffers) return;
    buffers = now;
  }
}

export interface Garbage {
  bytesPerCall: number;
  arrayBufferBytesPerCall: number;
  scavenges: number;
}

/** Bytes allocated per call of `work` over `calls` calls, and the scavenges that ran meanwhile. */
async function garbageOverSpan(work: () => void, calls: number): Promise<Garbage> {
  gc();
  await settle();
  scavenges = 0;
  // Read in this order so that what the buffer readings allocate falls outside the counted span; a reading
  // of the new space allocates too (its statistics): two in a row measure that, to take off the count.
  const buffers = process.memoryUsage().arrayBuffers;
  const beforeReading = newSpaceUsed();
  const young = newSpaceUsed();
  const readingBytes = young - beforeReading;
  for (let i = 0; i < calls; i++) work();
  const youngAfter = newSpaceUsed();
  const buffersAfter = process.memoryUsage().arrayBuffers;
  await settle();
  return {
    bytesPerCall: (youngAfter - young - readingBytes) / calls,
    arrayBufferBytesPerCall: (buffersAfter - buffers) / calls,
    scavenges,
  };
}

/** The least garbage per call of `work` over `spans` spans of `calls` calls, after `warmup` calls. */
export async function garbagePerCall(
  work: () => void,
  calls: number,
  warmup: number,
  spans = 5,
): Promise<Garbage> {
  for (let i = 0; i < warmup; i++) work();
  let least = await garbageOverSpan(work, calls);
  for (let span = 1; span < spans; span++) {
    const measured = await garbageOverSpan(work, calls);
    if (measured.bytesPerCall < least.bytesPerCall) least = measured;
  }
  return least;
}
