/**
 * The network over the plane the page draws: a square grid of cells over the PlaneData's bounds, each cell
 * sampled at its centre, fed through the standardizer and the network off the tape in evaluation mode. The
 * decision boundary is the class probabilities of each cell, a hidden unit's square its output at each cell.
 */
import { noGrad, type Tensor, tensor } from '@tapegrad/autograd';
import { classProbabilities, type Network, type Standardizer } from '@tapegrad/nn';
import type { BoundaryView, Grid } from '../snapshot.ts';
import { hiddenOutputs, inEvalMode } from './network.ts';

/** [xMin, xMax, yMin, yMax], as PlaneData.bounds. */
export type Bounds = readonly [number, number, number, number];

/**
 * The point a grid value stands for: the centre of cell (row, column), row 0 at the bottom (yMin), column 0
 * at the left (xMin), in the data's units: x = xMin + (column + 1/2) (xMax - xMin) / size, and likewise y.
 * @example cellCenter([0, 10, 0, 10], 5, 0, 4); // [9, 1]
 */
export function cellCenter(bounds: Bounds, size: number, row: number, column: number): [number, number] {
  const [xMin, xMax, yMin, yMax] = bounds;
  return [xMin + ((column + 0.5) * (xMax - xMin)) / size, yMin + ((row + 0.5) * (yMax - yMin)) / size];
}

/**
 * The network's inputs at every cell centre, row by row ([size * size, features], standardized): the two
 * shown features at the cell's coordinates and every other feature at its training mean (0 once
 * standardized), so a CSV of many features is seen in the slice through its mean.
 * @example planeInputs([-1, 1, -1, 1], 50, [0, 1], standardizer).shape; // [2500, 2]
 */
export function planeInputs(
  bounds: Bounds,
  size: number,
  axes: readonly [number, number],
  standardizer: Standardizer,
): Tensor {
  const mean = standardizer.mean.data;
  const features = mean.length;
  const rows = new Float64Array(size * size * features);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const [x, y] = cellCenter(bounds, size, row, column);
      const start = (row * size + column) * features;
      rows.set(mean, start);
      rows[start + axes[0]] = x;
      rows[start + axes[1]] = y;
    }
  }
  return standardizer.transform(tensor(rows, { shape: [size * size, features] }));
}

/**
 * The decision boundary from the network's inputs at the cells (`planeInputs`): the probability of the last
 * class per cell (P(class 1) for two classes), the predicted class (the most probable, the first on ties, so
 * P = 0.5 is class 0 as nn's predictClasses has it) and its probability.
 */
export function boundaryView(net: Network, inputs: Tensor, size: number): BoundaryView {
  const probabilities = inEvalMode(net, () =>
    noGrad(() => classProbabilities(net.forward(inputs), net.output)),
  );
  const [cells, classes] = probabilities.shape as [number, number];
  const last = new Float64Array(cells);
  const classOfCell = new Int32Array(cells);
  const confidence = new Float64Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    const row = probabilities.data.subarray(cell * classes, (cell + 1) * classes);
    let best = 0;
    for (let c = 1; c < classes; c++) if (row[c]! > row[best]!) best = c;
    last[cell] = row[classes - 1]!;
    classOfCell[cell] = best;
    confidence[cell] = row[best]!;
  }
  return { probability: { size, values: last }, classOfCell, confidence };
}

/** Each hidden unit's output over the cells: grids[l][j] for unit j of hidden layer l. */
export function neuronGrids(net: Network, inputs: Tensor, size: number): Grid[][] {
  return inEvalMode(net, () => hiddenOutputs(net, inputs)).map((output) => {
    const [cells, units] = output.shape as [number, number];
    return Array.from({ length: units }, (_, unit) => {
      const values = new Float64Array(cells);
      for (let cell = 0; cell < cells; cell++) values[cell] = output.data[cell * units + unit]!;
      return { size, values };
    });
  });
}
