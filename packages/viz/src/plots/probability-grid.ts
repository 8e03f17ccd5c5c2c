/**
 * A classifier's class probabilities sampled on a grid over the plane: what a decision-boundary plot
 * colours.
 */
import { noGrad, type Tensor, tensor } from '@tapegrad/autograd';
import { ConfigError, type Network } from '@tapegrad/nn';

/** A rectangle of the plane, in the data's units. */
export interface PlaneBounds {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

export interface ProbabilityGrid {
  /** The number of cells across (x) and up (y). */
  readonly columns: number;
  readonly rows: number;
  /** The rectangle the cells tile. */
  readonly extent: PlaneBounds;
  /**
   * probabilities[c][row * columns + column] = P(class c) at the centre of that cell; row 0 is the bottom
   * (yMin), column 0 the left (xMin). A sigmoid output gives two classes: P(class 0) = 1 - P(class 1).
   */
  readonly probabilities: readonly Float64Array[];
}

/**
 * The smallest rectangle holding every row of the [n, 2] point sets, widened by `padding` times its width
 * and height on each side (by 1 where all points share a coordinate).
 * @example paddedBounds([tensor([[0, 0], [10, 20]])]); // { xMin: -1, xMax: 11, yMin: -2, yMax: 22 }
 */
export function paddedBounds(pointSets: readonly Tensor[], padding = 0.1): PlaneBounds {
  // One pass over the coordinates, no copies: the points may number millions.
  const low = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const high = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  let count = 0;
  for (const points of pointSets) {
    const { data } = points;
    for (let i = 0; i < data.length; i++) {
      const axis = i % 2;
      low[axis] = Math.min(low[axis]!, data[i]!);
      high[axis] = Math.max(high[axis]!, data[i]!);
    }
    count += data.length;
  }
  if (count === 0) throw new ConfigError('paddedBounds: there are no points to bound');
  const widen = (axis: number): [number, number] => {
    const margin = high[axis]! > low[axis]! ? padding * (high[axis]! - low[axis]!) : 1;
    return [low[axis]! - margin, high[axis]! + margin];
  };
  const [xMin, xMax] = widen(0);
  const [yMin, yMax] = widen(1);
  return { xMin, xMax, yMin, yMax };
}

/** Each row of the network's output as the probabilities of all classes: [n, k], k >= 2. */
function classProbabilities(model: Network, output: Tensor): Float64Array[] {
  const [n, outputs] = output.shape as [number, number];
  if (model.output === 'softmax') {
    return Array.from({ length: outputs }, (_, c) =>
      Float64Array.from({ length: n }, (_, i) => output.data[i * outputs + c]!),
    );
  }
  const classOne = Float64Array.from(output.data);
  return [classOne.map((p) => 1 - p), classOne];
}

/** Throws unless the network outputs class probabilities: softmax, or one sigmoid unit. */
export function checkClassifier(where: string, model: Network): void {
  const outputs = 'layer2' in model ? model.layer2.outFeatures : model.layers.at(-1)!.outFeatures;
  if (model.output === 'linear') {
    throw new ConfigError(
      `${where}: the model's output is linear (regression: real values, not classes); a decision boundary ` +
        'needs a classifier with a sigmoid or softmax output',
    );
  }
  if (model.output === 'sigmoid' && outputs !== 1) {
    throw new ConfigError(
      `${where}: the model has ${outputs} sigmoid outputs (one yes/no per output, not one class per point); ` +
        'a decision boundary needs one sigmoid output (two classes) or a softmax output',
    );
  }
}

/**
 * The model's output for the rows of `X` (in the data's original units; `transform` maps them to what the
 * model takes), in ONE forward pass off the tape and with dropout off (the model's mode is restored after).
 * @example predictClasses(evalOutput(net, test.X, scaler.transform), net.output)
 */
export function evalOutput(model: Network, X: Tensor, transform: (X: Tensor) => Tensor = (X) => X): Tensor {
  return noGrad(() => {
    const wasTraining = model.training;
    model.eval();
    try {
      return model.forward(transform(X));
    } finally {
      model.train(wasTraining);
    }
  });
}

/**
 * The model's class probabilities at the centres of a `columns` x `rows` grid of cells tiling `extent`,
 * from one `evalOutput` of the grid points (in the data's original units; `transform` maps them to what
 * the model takes: the standardizer of its training data, say).
 * @example probabilityGrid(net, { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2 }, 80, 80, scaler.transform)
 */
export function probabilityGrid(
  model: Network,
  extent: PlaneBounds,
  columns: number,
  rows: number,
  transform: (X: Tensor) => Tensor = (X) => X,
): ProbabilityGrid {
  checkClassifier('probabilityGrid', model);
  const output = evalOutput(model, cellCentres(extent, columns, rows), transform);
  return { columns, rows, extent, probabilities: classProbabilities(model, output) };
}

/**
 * The centres of a `columns` x `rows` grid of cells tiling `extent`, as the rows [x, y] of a
 * [columns * rows, 2] tensor: cell (row, column) at index row * columns + column, row 0 at the bottom.
 * @example cellCentres({ xMin: 0, xMax: 2, yMin: 0, yMax: 1 }, 2, 1).toArray(); // [[0.5, 0.5], [1.5, 0.5]]
 */
export function cellCentres(extent: PlaneBounds, columns: number, rows: number): Tensor {
  const cellWidth = (extent.xMax - extent.xMin) / columns;
  const cellHeight = (extent.yMax - extent.yMin) / rows;
  const points = new Float64Array(columns * rows * 2);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const cell = row * columns + column;
      points[2 * cell] = extent.xMin + (column + 0.5) * cellWidth;
      points[2 * cell + 1] = extent.yMin + (row + 0.5) * cellHeight;
    }
  }
  return tensor(points, { shape: [columns * rows, 2] });
}
