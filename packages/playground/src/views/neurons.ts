/**
 * One hidden unit's output over the plane as a small heatmap, as TF Playground draws inside its neurons:
 * the unit's value at each grid point on the orange-white-blue scale, read according to its activation's
 * range.
 */
import type { Grid } from '../snapshot.ts';
import { divergingColor, type Rgb } from './colors.ts';
import { paintGridImage } from './grid-image.ts';

export type Activation = 'sigmoid' | 'tanh' | 'relu';

/**
 * The colour of a unit's value for its activation, as a point on the diverging scale t in [-1, 1]:
 * tanh's range [-1, 1] is t itself; sigmoid's [0, 1] is centred at 0.5 (t = 2v - 1); relu's [0, inf) has
 * no top, so it is scaled by the grid's largest value (t = v / max, white at 0, blue at the max; all white
 * when the unit is dead, max 0).
 * @example neuronColorScale('sigmoid', grid)(0.5); // [255, 255, 255]
 * @example neuronColorScale('relu', { size: 1, values: Float64Array.of(4) })(2); // [132, 187, 222]
 */
export function neuronColorScale(activation: Activation, grid: Grid): (value: number) => Rgb {
  switch (activation) {
    case 'tanh':
      return divergingColor;
    case 'sigmoid':
      return (value) => divergingColor(2 * value - 1);
    case 'relu': {
      let largest = 0;
      for (const value of grid.values) if (value > largest) largest = value;
      return largest > 0 ? (value) => divergingColor(value / largest) : () => divergingColor(0);
    }
  }
}

/**
 * Draws `grid` (a hidden unit's output over the plane) into `canvas` at one pixel per grid point; the
 * canvas's CSS size scales it up, smoothed.
 * @example drawNeuronHeatmap(canvas, network.neurons[0][3], network.activation);
 */
export function drawNeuronHeatmap(canvas: HTMLCanvasElement, grid: Grid, activation: Activation): void {
  const colorOf = neuronColorScale(activation, grid);
  const { values } = grid;
  paintGridImage(canvas, grid.size, (cell) => colorOf(values[cell]!));
}
