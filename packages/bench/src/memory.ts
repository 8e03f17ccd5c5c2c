/**
 * Peak memory of the benchmark process: the resident set size sampled at the points the workloads choose
 * (between repetitions, and between W3's batches), and the kernel's own high-water mark (maxRSS).
 */

export const MIB = 1024 * 1024;

/** Keeps the largest resident set size seen by `sample()`. */
export class MemoryProbe {
  #peakBytes = 0;

  /** The resident set size now, in bytes; remembered if it is the largest so far. */
  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peakBytes) this.#peakBytes = rss;
    return rss;
  }

  /** The largest sampled resident set size, in MiB. */
  get peakMib(): number {
    return this.#peakBytes / MIB;
  }
}

/** The process's peak resident set size so far as the kernel counts it (getrusage maxrss), in MiB. */
export function maxRssMib(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
}
