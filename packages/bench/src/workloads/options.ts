import type { MemoryProbe } from '../memory.ts';
import type { TimingSettings } from '../timing.ts';

/** What every workload runner gets from main. */
export interface WorkloadOptions {
  /** Small sizes and one repetition: a smoke test that the benchmark runs, not a measurement. */
  readonly quick: boolean;
  readonly settings: TimingSettings;
  readonly memory: MemoryProbe;
  /** The seed of the data streams (42 unless BENCH_SEED is set). */
  readonly seed: number;
  /** Progress notes for a person watching (stderr); never part of the JSON lines. */
  readonly progress: (message: string) => void;
}
