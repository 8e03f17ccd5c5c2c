/**
 * The training worker's entry (`new Worker(new URL('./training/worker.ts', import.meta.url), { type: 'module' })`):
 * a shell that hands each message to the WorkerLoop, which answers through postMessage.
 */
import type { FromWorker, ToWorker } from '../protocol.ts';
import { WorkerLoop } from './worker-loop.ts';

/** The part of a dedicated worker's global scope this uses (the DOM lib types `self` as a Window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = self as unknown as WorkerScope;
const loop = new WorkerLoop((message) => scope.postMessage(message));
scope.onmessage = (event) => void loop.handle(event.data);
