/**
 * The training worker's logic, apart from the worker API so that tests drive it in Node: each ToWorker
 * message goes to a TrainingSession and its answer goes out through `post`. While playing, training runs in
 * bursts of about `frameMs` (the last snapshot's cost included), a snapshot after each, and yields to the
 * event loop between bursts, so that a 'pause' (or any request) is read within a frame. Every failure is
 * answered with an 'error' message naming the request; none escapes as an exception.
 */
import type { CsvSource, FromWorker, ToWorker } from '../protocol.ts';
import type { LossPoint } from '../snapshot.ts';
import { readRunFiles } from './run-files.ts';
import { TrainingSession } from './session.ts';

/** How the loop yields between bursts: setTimeout(next, 0) in a worker. */
export type Scheduler = (next: () => void) => void;

/** The shortest burst asked for: a frame of 16 ms is 60 redraws a second, more than a page draws. */
const MIN_FRAME_MS = 16;

/**
 * Answers the page's requests.
 * @example
 * const loop = new WorkerLoop((message) => self.postMessage(message));
 * self.onmessage = (event) => loop.handle(event.data);
 */
export class WorkerLoop {
  readonly #post: (message: FromWorker) => void;
  readonly #schedule: Scheduler;
  #session: TrainingSession | undefined;
  #csv: CsvSource | undefined;
  #playing = false;
  #frameMs = 100;
  /** A burst is waiting in the event loop: 'play' must not start a second chain of them. */
  #burstScheduled = false;
  /** How long the last snapshot took, taken off the next burst so that a frame stays about frameMs. */
  #snapshotMs = 0;

  constructor(post: (message: FromWorker) => void, schedule: Scheduler = (next) => setTimeout(next, 0)) {
    this.#post = post;
    this.#schedule = schedule;
  }

  /** Whether the loop is training continuously. */
  get playing(): boolean {
    return this.#playing;
  }

  /**
   * Handles one request. Resolves once its answer is posted (a graph is laid out asynchronously); never
   * rejects: a failure is posted as `{ type: 'error', request, message }`.
   */
  async handle(message: ToWorker): Promise<void> {
    const request = (message as { type?: unknown }).type;
    try {
      await this.#dispatch(message);
    } catch (error) {
      if (request === 'play') this.#playing = false;
      this.#post({
        type: 'error',
        request: (typeof request === 'string' ? request : 'unknown') as ToWorker['type'],
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async #dispatch(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'configure':
        this.#replaceSession(new TrainingSession(message.config, message.csv));
        // Kept for an import of a run trained on this CSV (the import message carries no CSV).
        this.#csv = message.csv;
        return;
      case 'play':
        this.#required();
        this.#frameMs = Math.max(MIN_FRAME_MS, Number.isFinite(message.frameMs) ? message.frameMs : 100);
        this.#playing = true;
        this.#scheduleBurst();
        return;
      case 'pause':
        this.#playing = false;
        this.#postSnapshot([]);
        return;
      case 'step':
        this.#postSnapshot(this.#required().trainEpochs(1));
        return;
      case 'reset':
        this.#required().reset();
        this.#postSnapshot([]);
        return;
      case 'proof':
        this.#post({ type: 'proof', proof: this.#required().proof(message.finiteDifferences) });
        return;
      case 'graph':
        this.#post({ type: 'graph', svg: await this.#required().graphSvg(message.rows) });
        return;
      case 'explain':
        this.#post({ type: 'explain', html: this.#required().explainHtml(message.index) });
        return;
      case 'export':
        this.#post({ type: 'export', ...this.#required().exportRun() });
        return;
      case 'import': {
        const session = TrainingSession.importRun(message.modelJson, message.configJson, this.#csv);
        const { problems } = readRunFiles(message.modelJson, message.configJson);
        this.#post({ type: 'imported', config: session.config, problems });
        this.#replaceSession(session);
        return;
      }
      default:
        throw new Error(
          `unknown request ${JSON.stringify((message as { type?: unknown }).type)}; the worker takes configure, ` +
            'play, pause, step, reset, proof, graph, explain, export and import',
        );
    }
  }

  #required(): TrainingSession {
    if (this.#session === undefined) {
      throw new Error("no run yet: send 'configure' with a configuration first");
    }
    return this.#session;
  }

  /** A new run (the old one stays when building it throws): its data, then its first snapshot. */
  #replaceSession(session: TrainingSession): void {
    this.#session = session;
    this.#post({ type: 'data', data: session.data.view });
    this.#postSnapshot([]);
  }

  #postSnapshot(newPoints: readonly LossPoint[]): void {
    const started = performance.now();
    const snapshot = this.#required().snapshot(newPoints);
    this.#snapshotMs = performance.now() - started;
    this.#post({ type: 'snapshot', snapshot, playing: this.#playing });
  }

  #scheduleBurst(): void {
    if (this.#burstScheduled) return;
    this.#burstScheduled = true;
    this.#schedule(() => {
      this.#burstScheduled = false;
      this.#burst();
    });
  }

  /** One burst of training and its snapshot, then the next burst after a yield, while playing. */
  #burst(): void {
    if (!this.#playing) return;
    try {
      const session = this.#required();
      const points = session.trainFor(Math.max(this.#frameMs - this.#snapshotMs, 0));
      this.#postSnapshot(points);
    } catch (error) {
      this.#playing = false;
      this.#post({
        type: 'error',
        request: 'play',
        message: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    this.#scheduleBurst();
  }
}
