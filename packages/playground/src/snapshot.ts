/**
 * What the training worker tells the page, as plain data (structured-clone friendly: numbers, strings,
 * Float64Arrays). The views draw from these types only; they never see a Tensor or a Module.
 */

/** The points of the data, in the plane of the two features shown. */
export interface PlotPoints {
  /** [n * 2] x, y of each point, in the data's own units. */
  readonly xy: Float64Array;
  /** [n] class index of each point. */
  readonly labels: Int32Array;
}

/** The data as the page shows it. */
export interface PlaneData {
  readonly train: PlotPoints;
  readonly test: PlotPoints;
  readonly classes: readonly string[];
  /** The names of the two features on the axes. */
  readonly axes: readonly [string, string];
  /** Every feature's name, in the data's order (a CSV may have more than the two shown). */
  readonly featureNames: readonly string[];
  /** The plane drawn: [xMin, xMax, yMin, yMax], the data's range with a margin. */
  readonly bounds: readonly [number, number, number, number];
}

/**
 * Values on a square grid over `bounds`: `values[row * size + column]`, row 0 at yMin (the bottom), column 0
 * at xMin. For the decision boundary the value is P(last class) for two classes; for more classes see
 * `classOfCell`.
 */
export interface Grid {
  readonly size: number;
  readonly values: Float64Array;
}

/** The decision boundary over the plane. */
export interface BoundaryView {
  /** Two classes: P(class 1) per cell (the 0.5 contour is the boundary). */
  readonly probability: Grid;
  /** [size * size] the predicted class of each cell (for any number of classes). */
  readonly classOfCell: Int32Array;
  /** [size * size] the probability of that predicted class (how sure). */
  readonly confidence: Float64Array;
}

/** One layer's parameters and their gradients at the current step. */
export interface LayerView {
  /** [fanIn * fanOut], row-major as tapegrad stores a Linear's weight ([in, out]: W[i][j] links input i to unit j). */
  readonly weight: Float64Array;
  readonly bias: Float64Array;
  readonly weightGrad: Float64Array;
  readonly biasGrad: Float64Array;
  readonly fanIn: number;
  readonly fanOut: number;
}

/** The network at the current step: its layers (input to output) and each hidden unit's output over the plane. */
export interface NetworkView {
  /** [inputs, hidden..., outputs]. */
  readonly sizes: readonly number[];
  readonly layers: readonly LayerView[];
  /** neurons[l][j]: the output of unit j of hidden layer l over the plane (values in the activation's range). */
  readonly neurons: readonly (readonly Grid[])[];
  readonly activation: 'sigmoid' | 'tanh' | 'relu';
}

/** One point of the loss curve. */
export interface LossPoint {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

/** What the page redraws after each burst of training. */
export interface Snapshot {
  readonly epoch: number;
  /** The step count (mini-batches) so far. */
  readonly step: number;
  readonly latest: LossPoint;
  /** The loss points since the previous snapshot (the page appends them to its curve). */
  readonly newPoints: readonly LossPoint[];
  readonly boundary: BoundaryView;
  readonly network: NetworkView;
  /** Epochs trained per second of the worker's own time, over the last burst. */
  readonly epochsPerSecond: number;
}

/** One parameter's line in the proof panel. */
export interface ProofRow {
  /** The parameter's name, e.g. `layers.0.weight` or `layer1.weight`. */
  readonly name: string;
  readonly shape: readonly number[];
  /** max |hand-derived - tape| over its entries. */
  readonly manualVsTape: number;
  /** max |finite differences - tape|, when the check was asked for. */
  readonly finiteVsTape?: number;
  /** max |tape gradient|, for scale. */
  readonly largest: number;
}

/** The proof at the current step: the hand-derived gradients against the tape's (and finite differences). */
export interface ProofView {
  readonly epoch: number;
  readonly step: number;
  /** The loss at which the gradients were taken (full training batch, dropout off). */
  readonly loss: number;
  readonly rows: readonly ProofRow[];
  /** Why there is no hand-derived check, if there is none (e.g. a model the formulas do not cover). */
  readonly manualUnavailable?: string;
}
