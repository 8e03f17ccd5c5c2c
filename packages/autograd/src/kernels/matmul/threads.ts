import { TILE } from './packing.ts';

/**
 * Helper threads for large matrix products. The row panels of C are cut into chunks; the calling thread
 * and the helpers each claim chunks from a shared counter until none is left, and run the same
 * WebAssembly tile loop on the same shared memory for each. Every tile of C is still computed whole by one
 * thread, in the same order, so the result has the same bits as on one thread. Claiming chunks (rather
 * than splitting the rows in fixed halves) keeps a helper that the system pauses from holding up the
 * product: the others take its chunks. The calling thread then sleeps (Atomics.wait) until every chunk is
 * done; idle helpers sleep too, they never spin.
 *
 * Node only (worker_threads, loaded through process.getBuiltinModule, Node >= 20.16). Helpers start on the
 * first product large enough to share, in the background; products run on one thread until they are
 * ready. TAPEGRAD_THREADS sets the number of threads (the calling one included); the default is the number
 * of cores, at most 8, and TAPEGRAD_THREADS=1 keeps everything on the calling thread.
 */

/** The tile loop: byte addresses in the shared memory, and sizes in panels. */
export type TileLoop = (
  a: number,
  b: number,
  c: number,
  rowPanels: number,
  columnPanels: number,
  k: number,
  cRowBytes: number,
) => void;

/** Below this many multiply-adds (about 0.15 ms of work) waking a helper costs more than it saves. */
const MIN_SHARED_WORK = 2 ** 22;
const MAX_THREADS = 8;
/** Chunks per thread: enough that a paused helper holds up at most a small part of the product. */
const CHUNKS_PER_THREAD = 8;

// The control array (int32, shared): the job number, raised to wake the helpers; the claim counter; the
// number of chunks done; the number of helpers ready; then the job: the tile loop's arguments in order, the row
// panels per chunk and the number of chunks. The claim counter holds the job number (low 16 bits) times
// CLAIM_SPAN plus the next chunk while a job runs, and NO_JOB between jobs, while the fields are rewritten:
// so a helper that woke late, still holding an old job number or half-rewritten fields, claims nothing.
const JOB_NUMBER = 0;
const CLAIM = 1;
const CHUNKS_DONE = 2;
const HELPERS_READY = 3;
const JOB = 4;
const CONTROL_INTS = JOB + 9;
type JobFields = [...Parameters<TileLoop>, chunkPanels: number, chunks: number];
const CLAIM_SPAN = 2 ** 15;
const NO_JOB = -1;

/**
 * Claims chunks of the current job until none is left, and runs the tile loop on each. Written out twice,
 * here and in the helper's source below, which must stay the same.
 */
function workOnChunks(control: Int32Array, jobNumber: number, tiles: TileLoop): void {
  const [a, b, c, rowPanels, columnPanels, k, cRowBytes, chunkPanels, chunks] = Array.from(
    control.subarray(JOB, CONTROL_INTS),
  ) as JobFields;
  const first = (jobNumber & 0xffff) * CLAIM_SPAN;
  for (;;) {
    const claim = Atomics.load(control, CLAIM);
    const chunk = claim - first;
    if (chunk < 0 || chunk >= chunks) return;
    if (Atomics.compareExchange(control, CLAIM, claim, claim + 1) !== claim) continue;
    const firstPanel = chunk * chunkPanels;
    const panels = Math.min(chunkPanels, rowPanels - firstPanel);
    const aPanelBytes = k * TILE * 8;
    const cFirst = c + firstPanel * TILE * cRowBytes;
    tiles(a + firstPanel * aPanelBytes, b, cFirst, panels, columnPanels, k, cRowBytes);
    Atomics.add(control, CHUNKS_DONE, 1);
    Atomics.notify(control, CHUNKS_DONE);
  }
}

/** The helper's program, run as CommonJS source in a worker thread: workOnChunks whenever woken. */
const helperSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
const { tiles } = new WebAssembly.Instance(module, { env: { memory } }).exports;
function workOnChunks(jobNumber) {
  const [a, b, c, rowPanels, columnPanels, k, cRowBytes, chunkPanels, chunks] = control.subarray(${JOB});
  const first = (jobNumber & 0xffff) * ${CLAIM_SPAN};
  for (;;) {
    const claim = Atomics.load(control, ${CLAIM});
    const chunk = claim - first;
    if (chunk < 0 || chunk >= chunks) return;
    if (Atomics.compareExchange(control, ${CLAIM}, claim, claim + 1) !== claim) continue;
    const firstPanel = chunk * chunkPanels;
    const panels = Math.min(chunkPanels, rowPanels - firstPanel);
    const aPanelBytes = k * ${TILE * 8};
    const cFirst = c + firstPanel * ${TILE} * cRowBytes;
    tiles(a + firstPanel * aPanelBytes, b, cFirst, panels, columnPanels, k, cRowBytes);
    Atomics.add(control, ${CHUNKS_DONE}, 1);
    Atomics.notify(control, ${CHUNKS_DONE});
  }
}
Atomics.add(control, ${HELPERS_READY}, 1);
let served = 0;
for (;;) {
  Atomics.wait(control, ${JOB_NUMBER}, served);
  served = Atomics.load(control, ${JOB_NUMBER});
  workOnChunks(served);
}
`;

interface WorkerThreads {
  readonly Worker: new (source: string, options: { eval: true; workerData: unknown }) => { unref(): void };
}

interface NodeProcess {
  readonly env: Readonly<Record<string, string | undefined>>;
  getBuiltinModule?(id: string): unknown;
}

/** Threads to use in all, from TAPEGRAD_THREADS or the number of cores; 1 where threads are missing. */
function threadCount(): number {
  const nodeProcess = (globalThis as { process?: NodeProcess }).process;
  if (nodeProcess?.getBuiltinModule === undefined || typeof SharedArrayBuffer !== 'function') return 1;
  const requested = Number.parseInt(nodeProcess.env.TAPEGRAD_THREADS ?? '', 10);
  if (requested >= 1) return Math.min(requested, MAX_THREADS);
  const os = nodeProcess.getBuiltinModule('node:os') as { availableParallelism(): number };
  return Math.min(os.availableParallelism(), MAX_THREADS);
}

/** Runs the tile loop over a product's row panels, shared with helper threads when it is large enough. */
export class TileThreads {
  /** Helper threads besides the calling one (0 where threads are missing or TAPEGRAD_THREADS=1). */
  helperCount: number;
  private control: Int32Array | null = null;
  private jobNumber = 0;

  constructor(
    private readonly tiles: TileLoop,
    /** The compiled module and its shared memory, which each helper instantiates again. */
    private readonly module: object,
    private readonly memory: object,
  ) {
    this.helperCount = threadCount() - 1;
  }

  /** Helpers started and ready to take work. */
  readyHelpers(): number {
    return this.control === null ? 0 : Atomics.load(this.control, HELPERS_READY);
  }

  /** Sleeps until every helper is ready, or `timeoutMs` has passed; starts them if need be. For tests. */
  waitForHelpers(timeoutMs: number): number {
    this.start();
    const deadline = Date.now() + timeoutMs;
    for (let ready = this.readyHelpers(); ready < this.helperCount && Date.now() < deadline; ) {
      Atomics.wait(this.control!, HELPERS_READY, ready, 10);
      ready = this.readyHelpers();
    }
    return this.readyHelpers();
  }

  /** The tile loop, shared with the helpers when large enough (its arguments one by one: no object per call). */
  run(
    a: number,
    b: number,
    c: number,
    rowPanels: number,
    columnPanels: number,
    k: number,
    cRowBytes: number,
  ): void {
    const multiplyAdds = rowPanels * columnPanels * TILE * TILE * k;
    if (this.helperCount > 0 && multiplyAdds >= MIN_SHARED_WORK) this.start();
    const threads = Math.min(1 + this.readyHelpers(), rowPanels);
    if (threads === 1 || multiplyAdds < MIN_SHARED_WORK) {
      this.tiles(a, b, c, rowPanels, columnPanels, k, cRowBytes);
      return;
    }
    const control = this.control!;
    const chunkPanels = Math.ceil(rowPanels / (threads * CHUNKS_PER_THREAD));
    const chunks = Math.ceil(rowPanels / chunkPanels);
    this.jobNumber = (this.jobNumber + 1) | 0;
    control.set([a, b, c, rowPanels, columnPanels, k, cRowBytes, chunkPanels, chunks], JOB);
    Atomics.store(control, CHUNKS_DONE, 0);
    Atomics.store(control, CLAIM, (this.jobNumber & 0xffff) * CLAIM_SPAN);
    Atomics.store(control, JOB_NUMBER, this.jobNumber);
    Atomics.notify(control, JOB_NUMBER);
    workOnChunks(control, this.jobNumber, this.tiles);
    let done = Atomics.load(control, CHUNKS_DONE);
    while (done < chunks) {
      Atomics.wait(control, CHUNKS_DONE, done);
      done = Atomics.load(control, CHUNKS_DONE);
    }
    Atomics.store(control, CLAIM, NO_JOB);
  }

  /**
   * Starts the helpers once, in the background; each counts itself ready when it can take work. Where
   * worker threads cannot be made (a runtime without eval workers), everything stays on this thread.
   */
  private start(): void {
    if (this.control !== null || this.helperCount === 0) return;
    const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_INTS));
    control[CLAIM] = NO_JOB;
    try {
      const nodeProcess = (globalThis as { process?: NodeProcess }).process!;
      const { Worker } = nodeProcess.getBuiltinModule!('node:worker_threads') as WorkerThreads;
      for (let helper = 0; helper < this.helperCount; helper++) {
        const workerData = { module: this.module, memory: this.memory, control };
        // unref: an idle helper does not keep the process alive.
        new Worker(helperSource, { eval: true, workerData }).unref();
      }
    } catch {
      this.helperCount = 0;
      return;
    }
    this.control = control;
  }
}
