/**
 * The page's side of the training worker: sends requests, and hands each answer to the handler of its type.
 */
import type { FromWorker, ToWorker } from '../protocol.ts';

type Handlers = { readonly [T in FromWorker['type']]: (message: Extract<FromWorker, { type: T }>) => void };

export class WorkerClient {
  private readonly worker: Worker;

  constructor(handlers: Handlers) {
    this.worker = new Worker(new URL('../training/worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      (handlers[message.type] as (message: FromWorker) => void)(message);
    });
    this.worker.addEventListener('error', (event) => {
      handlers.error({ type: 'error', request: 'configure', message: event.message });
    });
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}
