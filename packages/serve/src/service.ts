/**
 * What the routes of one app share: its models by name (the first is the default), a batcher per model,
 * the options and the metrics.
 */
import { Batcher } from './batcher.ts';
import { HttpError } from './http-error.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { ResolvedServeOptions } from './options.ts';
import type { RowPredictions, ServedModel } from './served-model.ts';

export class Service {
  private readonly byName = new Map<string, ServedModel>();
  private readonly batchers = new Map<string, Batcher>();

  constructor(
    readonly models: readonly ServedModel[],
    readonly options: ResolvedServeOptions,
    readonly metrics: ServiceMetrics,
  ) {
    for (const model of models) {
      this.byName.set(model.name, model);
      this.batchers.set(
        model.name,
        new Batcher(model, options.maxBatch, options.batchWaitMs, (rows) => metrics.batch(model.name, rows)),
      );
    }
  }

  get defaultModel(): ServedModel {
    return this.models[0]!;
  }

  /** The model called `name`, or a 404 that lists the models there are. */
  model(name: string): ServedModel {
    const model = this.byName.get(name);
    if (model === undefined) {
      throw new HttpError(
        404,
        `unknown model ${JSON.stringify(name)}; models: ${this.models.map((m) => m.name).join(', ')}`,
      );
    }
    return model;
  }

  /** The predictions for `rows` rows of `model`, through its batcher. */
  predict(model: ServedModel, values: Float64Array, rows: number): Promise<RowPredictions> {
    return this.batchers.get(model.name)!.predict(values, rows);
  }
}
