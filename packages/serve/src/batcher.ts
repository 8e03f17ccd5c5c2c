/**
 * Dynamic batching, as TF Serving, TorchServe and BentoML do it: requests to one model that arrive close
 * together wait in a queue and are answered by one forward pass. The queue runs when it holds `maxBatch`
 * rows, or `waitMs` after its first request (with 0, once the requests that arrived in the same turn of
 * the event loop have been read: setImmediate runs after Node has handled the pending I/O). Each request
 * gets its own rows' results, the same bits as alone (ServedModel.predict).
 */
import type { RowPredictions, ServedModel } from './served-model.ts';

interface Pending {
  readonly values: Float64Array;
  readonly rows: number;
  readonly resolve: (predictions: RowPredictions) => void;
  readonly reject: (error: unknown) => void;
}

export class Batcher {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private scheduled: { cancel(): void } | undefined;

  constructor(
    private readonly model: ServedModel,
    private readonly maxBatch: number,
    private readonly waitMs: number,
    /** Called with the rows of each forward pass (for the batch-size histogram). */
    private readonly onBatch: (rows: number) => void = () => {},
  ) {}

  /** The predictions for `rows` rows (row-major `values`), computed with whatever else is queued. */
  predict(values: Float64Array, rows: number): Promise<RowPredictions> {
    if (rows >= this.maxBatch) return Promise.resolve(this.run(values, rows));
    return new Promise((resolve, reject) => {
      if (this.queuedRows + rows > this.maxBatch) this.flush();
      this.queue.push({ values, rows, resolve, reject });
      this.queuedRows += rows;
      if (this.queuedRows >= this.maxBatch) this.flush();
      else this.scheduled ??= this.schedule();
    });
  }

  private schedule(): { cancel(): void } {
    if (this.waitMs === 0) {
      const immediate = setImmediate(() => this.flush());
      return { cancel: () => clearImmediate(immediate) };
    }
    const timeout = setTimeout(() => this.flush(), this.waitMs);
    return { cancel: () => clearTimeout(timeout) };
  }

  private run(values: Float64Array, rows: number): RowPredictions {
    this.onBatch(rows);
    return this.model.predict(values, rows);
  }

  /** Runs the queue as one forward pass and hands each request its rows. */
  private flush(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    const batch = this.queue;
    const rows = this.queuedRows;
    this.queue = [];
    this.queuedRows = 0;
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const only = batch[0]!;
      this.answer([only], () => this.run(only.values, only.rows));
      return;
    }
    this.answer(batch, () => {
      const features = this.model.featureCount;
      const values = new Float64Array(rows * features);
      let offset = 0;
      for (const request of batch) {
        values.set(request.values, offset);
        offset += request.values.length;
      }
      return this.run(values, rows);
    });
  }

  private answer(batch: readonly Pending[], compute: () => RowPredictions): void {
    let predictions: RowPredictions;
    try {
      predictions = compute();
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    if (batch.length === 1) {
      batch[0]!.resolve(predictions);
      return;
    }
    const classes = this.model.classes.length;
    let row = 0;
    for (const request of batch) {
      const first = row;
      request.resolve({
        classIndices: predictions.classIndices.subarray(first, first + request.rows),
        probabilities: predictions.probabilities.subarray(first * classes, (first + request.rows) * classes),
        nonNumberRows: predictions.nonNumberRows
          .filter((index) => index >= first && index < first + request.rows)
          .map((index) => index - first),
      });
      row += request.rows;
    }
  }
}
