/**
 * One playground run, without any worker or page: the data, the network, the optimizer and the seeded
 * generators, trained epoch by epoch with nn's `fit` and read out as the plain-data Snapshot and ProofView
 * the page draws. The worker (worker-loop.ts) drives it; tests drive it in Node.
 *
 * Training is `tapegrad train`'s: the same data, split, standardization, network, initial weights (seed + 2)
 * and batch order (seed + 3), and nn's `fit` with the test split as validation data, so that N epochs here
 * give the weights of `tapegrad train --epochs N` bit for bit (tests/playground/session.test.ts). `fit` is
 * called once per burst with the optimizer and the shuffling generator kept between calls, which is the
 * same sequence of steps as one long call. fit's semantics hold: each mini-batch's cost carries the L2 term
 * (l2 / 2m) sum ||W||^2 with m the batch's rows, dropout is on for the steps and off for the scores.
 * Dropout's masks draw from the initial weights' generator, after the weights.
 */
import type { Tensor } from '@tapegrad/autograd';
import {
  ConfigError,
  createOptimizer,
  DivergenceError,
  fit,
  type Network,
  type Optimizer,
} from '@tapegrad/nn';
import { dotToSvg, modelGraphDot } from '@tapegrad/viz/graph';
import type { PlaygroundConfig } from '../config.ts';
import { buildData, type PlaygroundData } from '../data.ts';
import type { CsvSource } from '../protocol.ts';
import { rngFor } from '../seeds.ts';
import type { LayerView, LossPoint, ProofView, Snapshot } from '../snapshot.ts';
import { normalizeConfig } from '../url-state.ts';
import { explainPage } from './explain.ts';
import { lossPointOf, lossPointOfRecord } from './loss-points.ts';
import { hiddenActivationOf, layerSizes, linearLayers, networkFor, targetsFor } from './network.ts';
import { boundaryView, neuronGrids, planeInputs } from './plane.ts';
import { proofRows, type TapeGradients, tapeGradients } from './proof.ts';
import { checkRunData, type ImportedRun, type RunFiles, readRunFiles, runFiles } from './run-files.ts';

export interface SessionOptions {
  /** Cells per side of the decision boundary's grid. Default 50. */
  readonly boundarySize?: number;
  /** Cells per side of each hidden unit's grid. Default 24. */
  readonly neuronSize?: number;
}

/** The most rows the computation graph is drawn for: the graph has the same nodes for any number. */
export const MAX_GRAPH_ROWS = 16;

/** fit's epochs when training against the clock: far more than any burst trains. */
const UNBOUNDED_EPOCHS = 1_000_000_000;

/**
 * A playground run. Construction builds the data (buildData) and the network (networkFor) from the config;
 * a configuration that is out of range, or a CSV the playground cannot use, throws an error that names it.
 * @example
 * const session = new TrainingSession(DEFAULT_CONFIG);
 * const points = session.trainEpochs(20); // 20 LossPoints
 * const snapshot = session.snapshot(points); // what the page redraws
 */
export class TrainingSession {
  readonly config: PlaygroundConfig;
  readonly data: PlaygroundData;
  readonly #boundarySize: number;
  readonly #neuronSize: number;
  /** The network's inputs at the cells of each grid, standardized (they depend on the data only). */
  readonly #boundaryInputs: Tensor;
  readonly #neuronInputs: Tensor;
  /** The training split's targets as the loss takes them. */
  #targets: Tensor;
  #net: Network;
  #optimizer: Optimizer;
  #shuffle = rngFor(0, 'shuffle');
  #epoch = 0;
  #step = 0;
  #latest: LossPoint;
  #seconds = 0;
  /** Epochs and milliseconds trained since the last snapshot. */
  #burst = { epochs: 0, milliseconds: 0 };
  #gradients: { readonly step: number; readonly tape: TapeGradients } | undefined;
  /** Why training cannot go on, once it diverged. */
  #diverged: string | undefined;

  constructor(config: PlaygroundConfig, csv?: CsvSource, options: SessionOptions = {}) {
    const { problems } = normalizeConfig(config);
    if (problems.length > 0) {
      throw new ConfigError(`the configuration cannot be used as it is: ${problems.join('; ')}`);
    }
    this.config = config;
    this.data = buildData(config, csv);
    this.#boundarySize = options.boundarySize ?? 50;
    this.#neuronSize = options.neuronSize ?? 24;
    const { bounds } = this.data.view;
    this.#boundaryInputs = planeInputs(bounds, this.#boundarySize, config.axes, this.data.standardizer);
    this.#neuronInputs = planeInputs(bounds, this.#neuronSize, config.axes, this.data.standardizer);
    this.#net = this.#freshNetwork();
    this.#targets = targetsFor(this.#net, this.data.train.y);
    this.#optimizer = this.#freshOptimizer();
    this.#latest = this.#restart();
  }

  /**
   * A session from model.json and config.json (written by `exportRun` or by `tapegrad train`): the data the
   * config describes (a CSV run needs its CSV, whose name and target column config.json records), the weights
   * of model.json, at the epoch the run ended. The optimizer starts afresh (config.json keeps no Adam moments).
   * Data that differs from the run's (other classes, features or training statistics) is refused.
   * @example const session = TrainingSession.importRun(modelJson, configJson); session.epoch; // e.g. 300
   */
  static importRun(
    modelJson: string,
    configJson: string,
    csv?: CsvSource,
    options?: SessionOptions,
  ): TrainingSession {
    const run = readRunFiles(modelJson, configJson);
    let source = csv;
    if (run.csv !== undefined) {
      if (csv === undefined) {
        throw new ConfigError(
          `config.json: the run was trained on the CSV ${run.csv.name}; drop that file on the page first, then import the run`,
        );
      }
      source = { ...csv, target: run.csv.target };
    }
    const session = new TrainingSession(run.config, source, options);
    session.#adopt(run);
    return session;
  }

  /** The network being trained (the session keeps using it: change it only through the session). */
  get network(): Network {
    return this.#net;
  }

  get epoch(): number {
    return this.#epoch;
  }

  /** Optimizer steps (mini-batches) so far. */
  get step(): number {
    return this.#step;
  }

  /** The loss point of the current weights. */
  get latest(): LossPoint {
    return this.#latest;
  }

  /** Fresh weights from the seed, a fresh optimizer and batch order: epoch 0, as the config first built it. */
  reset(): void {
    this.#net = this.#freshNetwork();
    this.#optimizer = this.#freshOptimizer();
    this.#latest = this.#restart();
  }

  /**
   * Trains `epochs` epochs: each a seeded shuffle of the training rows in mini-batches of `batchSize`, one
   * optimizer step per batch. Returns each epoch's loss point. A DivergenceError (the loss or a weight turned
   * NaN or huge) stops training for good, until `reset`.
   * @example session.trainEpochs(1)[0]!.epoch; // 1 on a fresh session
   */
  trainEpochs(epochs: number): LossPoint[] {
    if (!Number.isInteger(epochs) || epochs < 1) {
      throw new ConfigError(`trainEpochs: epochs ${epochs} must be a whole number >= 1`);
    }
    return this.#train(epochs);
  }

  /**
   * Trains whole epochs until `milliseconds` have passed (at least one epoch), for a burst between two
   * redraws. Returns each epoch's loss point.
   * @example session.trainFor(80).length; // as many epochs as fit in 80 ms
   */
  trainFor(milliseconds: number): LossPoint[] {
    return this.#train(UNBOUNDED_EPOCHS, performance.now() + milliseconds);
  }

  #train(epochs: number, deadline = Number.POSITIVE_INFINITY): LossPoint[] {
    if (this.#diverged !== undefined) throw new DivergenceError(`training cannot go on: ${this.#diverged}`);
    const firstEpoch = this.#epoch;
    const started = performance.now();
    const points: LossPoint[] = [];
    const stop = new AbortController();
    const stepsPerEpoch = Math.ceil(this.data.train.X.shape[0]! / this.config.batchSize);
    try {
      fit(
        this.#net,
        { X: this.data.train.X, y: this.#targets },
        {
          epochs,
          batchSize: this.config.batchSize,
          optimizer: this.#optimizer,
          rng: this.#shuffle,
          l2: this.config.l2,
          validation: { X: this.data.test.X, y: this.data.test.y },
          // Eager: each burst is a fit call of its own, and a compiled fit's first step of each batch shape
          // is its trace, run eagerly; bursts would round differently from one run in the last bits.
          compile: false,
          signal: stop.signal,
          onEpoch: (record) => {
            this.#epoch++;
            this.#step += stepsPerEpoch;
            this.#latest = lossPointOfRecord(record, this.#epoch);
            points.push(this.#latest);
            if (performance.now() >= deadline) stop.abort();
          },
        },
      );
    } catch (error) {
      if (error instanceof DivergenceError) {
        // fit counts the epochs of each call from 1: the message is told in the run's epochs.
        const message = error.message
          .replace(/^fit: /, '')
          .replace(/epoch (\d+)/g, (_, epoch: string) => `epoch ${firstEpoch + Number(epoch)}`);
        this.#diverged = `${message}; press Reset for fresh weights`;
        throw new DivergenceError(this.#diverged);
      }
      throw error;
    } finally {
      const milliseconds = performance.now() - started;
      this.#burst.epochs += points.length;
      this.#burst.milliseconds += milliseconds;
      this.#seconds += milliseconds / 1000;
    }
    return points;
  }

  /**
   * What the page redraws: the epoch and step, the latest loss point and `newPoints` (the epochs trained
   * since the last snapshot), the decision boundary over the plane, each layer's weights with the gradient
   * of the full-batch training cost at these weights (dropout off), each hidden unit's output over the plane,
   * and the epochs per second trained since the last snapshot.
   * @example const snapshot = session.snapshot(session.trainEpochs(10)); snapshot.boundary.probability.size; // 50
   */
  snapshot(newPoints: readonly LossPoint[] = []): Snapshot {
    const net = this.#net;
    const nameOf = new Map(net.namedParameters().map(([name, parameter]) => [parameter, name]));
    const tape = this.#tapeGradients();
    const gradientOf = (parameter: Tensor) => tape.gradients[nameOf.get(parameter)!]!.data.slice();
    const layers: LayerView[] = linearLayers(net).map((layer) => ({
      weight: layer.weight.data.slice(),
      bias: layer.bias!.data.slice(),
      weightGrad: gradientOf(layer.weight),
      biasGrad: gradientOf(layer.bias!),
      fanIn: layer.inFeatures,
      fanOut: layer.outFeatures,
    }));
    const { epochs, milliseconds } = this.#burst;
    this.#burst = { epochs: 0, milliseconds: 0 };
    return {
      epoch: this.#epoch,
      step: this.#step,
      latest: this.#latest,
      newPoints: [...newPoints],
      boundary: boundaryView(net, this.#boundaryInputs, this.#boundarySize),
      network: {
        sizes: layerSizes(net),
        layers,
        neurons: neuronGrids(net, this.#neuronInputs, this.#neuronSize),
        activation: hiddenActivationOf(net),
      },
      epochsPerSecond: milliseconds > 0 ? (1000 * epochs) / milliseconds : 0,
    };
  }

  /**
   * The proof at the current weights, on the whole training split with dropout off: per parameter, max
   * |hand-derived - tape| (nn's manualGradients for the two-layer network, manualMlpGradients for an MLP)
   * and, with `withFiniteDifferences`, max |central finite differences - tape| (two cost evaluations per
   * weight: slow for a large network).
   * @example session.proof(false).rows[0]!.manualVsTape < 1e-10; // true
   */
  proof(withFiniteDifferences: boolean): ProofView {
    const tape = this.#tapeGradients();
    const rows = proofRows(
      this.#net,
      this.data.train.X,
      this.#targets,
      this.config.l2,
      tape,
      withFiniteDifferences,
    );
    return { epoch: this.#epoch, step: this.#step, loss: tape.loss, rows };
  }

  /**
   * The computation graph of the forward pass and the loss on the first `rows` training rows, as SVG (viz's
   * modelGraphDot with each tensor's values, laid out by Graphviz in WebAssembly).
   * @example const svg = await session.graphSvg(4);
   */
  async graphSvg(rows: number): Promise<string> {
    const available = Math.min(MAX_GRAPH_ROWS, this.data.train.X.shape[0]!);
    if (!Number.isInteger(rows) || rows < 1 || rows > available) {
      throw new ConfigError(`graph: rows ${rows} must be a whole number from 1 to ${available}`);
    }
    const picked = Array.from({ length: rows }, (_, i) => i);
    const X = this.data.train.X.indexSelect(0, picked);
    const y = this.data.train.y.indexSelect(0, picked);
    return dotToSvg(modelGraphDot(this.#net, X, y, { values: true, gradients: true, hover: true }));
  }

  /**
   * The worked example of backprop for training point `index` at the current weights, as a standalone HTML
   * page (see explain.ts): the two-layer network only.
   * @example const html = session.explainHtml(7); // training point 7, the one the page's plot marks
   */
  explainHtml(index: number): string {
    return explainPage(this.#net, this.data, this.config, this.#epoch, index);
  }

  /**
   * model.json and config.json as `tapegrad train` writes them (see run-files.ts), so `tapegrad predict`,
   * `evaluate` and `serve` take the run.
   * @example const { modelJson, configJson } = session.exportRun();
   */
  exportRun(): RunFiles {
    return runFiles({
      config: this.config,
      data: this.data,
      net: this.#net,
      epoch: this.#epoch,
      step: this.#step,
      latest: this.#latest,
      seconds: this.#seconds,
    });
  }

  /**
   * The tape's gradient of the full training cost at the current weights, computed once per step (and every
   * time after a divergence, whose unfinished epoch moved the weights without counting its steps).
   */
  #tapeGradients(): TapeGradients {
    if (this.#gradients?.step !== this.#step || this.#diverged !== undefined) {
      this.#gradients = {
        step: this.#step,
        tape: tapeGradients(this.#net, this.data.train.X, this.#targets, this.config.l2),
      };
    }
    return this.#gradients.tape;
  }

  #freshNetwork(): Network {
    return networkFor(
      this.config,
      this.data.train.X.shape[1]!,
      this.data.classes,
      rngFor(this.config.seed, 'init'),
    );
  }

  #freshOptimizer(): Optimizer {
    return createOptimizer(this.config.optimizer, this.#net.parameters(), { lr: this.config.learningRate });
  }

  /** Epoch 0 with the current network: counters, the batch order's generator and the loss point. */
  #restart(): LossPoint {
    this.#shuffle = rngFor(this.config.seed, 'shuffle');
    this.#epoch = 0;
    this.#step = 0;
    this.#seconds = 0;
    this.#burst = { epochs: 0, milliseconds: 0 };
    this.#gradients = undefined;
    this.#diverged = undefined;
    return lossPointOf(this.#net, this.data, this.config.l2, 0);
  }

  /** Takes an imported run's weights and epoch, after checking that this data is the data it was trained on. */
  #adopt(run: ImportedRun): void {
    checkRunData(run, this.data);
    // Copied into the network the config builds, layer by layer: its dropout draws from the seeded generator
    // (modelFromJson's would draw from nn's shared one).
    const trained = linearLayers(run.net);
    linearLayers(this.#net).forEach((layer, l) => {
      layer.weight.data.set(trained[l]!.weight.data);
      layer.bias!.data.set(trained[l]!.bias!.data);
    });
    this.#optimizer = this.#freshOptimizer();
    const latest = this.#restart();
    this.#epoch = run.epoch;
    this.#step = run.steps ?? run.epoch * Math.ceil(this.data.train.X.shape[0]! / this.config.batchSize);
    this.#latest = { ...latest, epoch: run.epoch };
  }
}
