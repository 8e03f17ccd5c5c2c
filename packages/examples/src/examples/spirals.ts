/**
 * Spirals: three interleaved arms, one class each (the data set of Stanford's CS231n notes). The arms wind
 * around each other, so no straight boundary separates them; a two-layer network with a softmax output
 * learns to follow them.
 *
 * Stated result: at least 95% training accuracy.
 */
import { noGrad, Rng, type Tensor, tensor } from '@tapegrad/autograd';
import { Adam, classificationReport, fit, predictClasses, spirals, TwoLayerNet } from '@tapegrad/nn';
import type { ExampleOptions } from './options.ts';

export interface SpiralsResult {
  readonly trainAccuracy: number;
  readonly finalLoss: number;
  /** The first epoch that reached 95% training accuracy (0 if none did). */
  readonly epochTo95: number;
}

export function run(options: ExampleOptions = {}): SpiralsResult {
  const write = options.write ?? console.log;
  const small = options.size === 'small';
  // n points per class: X [3n, 2], y [3n] of class indices 0, 1, 2.
  const { X, y } = spirals({ n: small ? 50 : 100, classes: 3, seed: 0 });
  const net = new TwoLayerNet({
    inputs: 2,
    hidden: small ? 32 : 64,
    outputs: 3,
    hiddenActivation: 'relu',
    output: 'softmax', // with softmax, fit trains on cross entropy and takes y as class indices
    rng: new Rng(1),
  });
  write(`${net.describe()}: ${net.numParameters()} parameters, ${X.shape[0]} points`);

  // CS231n trains this with 10,000 steps of plain gradient descent; Adam, which adapts each parameter's
  // step size, needs a few hundred.
  const epochs = small ? 200 : 400;
  const result = fit(net, { X, y }, { epochs, optimizer: new Adam(net.parameters(), { lr: 0.05 }) });
  for (const record of result.history.filter((r) => r.epoch === 1 || r.epoch % (epochs / 8) === 0)) {
    const percent = (100 * record.trainAccuracy!).toFixed(1);
    write(
      `epoch ${String(record.epoch).padStart(4)}  loss ${record.trainLoss.toFixed(4)}  accuracy ${percent}%`,
    );
  }

  const predicted = noGrad(() => predictClasses(net.forward(X), 'softmax'));
  const report = classificationReport(predicted, y, { classNames: ['arm 0', 'arm 1', 'arm 2'] });
  write(`\n${report.toString()}`);
  const key = (symbols: readonly string[]) =>
    symbols.map((symbol, arm) => `arm ${arm} '${symbol}'`).join(', ');
  write(
    `\nThe decision regions over [-1, 1]^2, where the net predicts ${key(REGION_SYMBOLS)};\n` +
      `the training points of ${key(POINT_SYMBOLS)}:\n${decisionMap(net, X, y)}`,
  );
  // All three arms start at the origin: their first points coincide there and at most one of them can be
  // right, so the best possible is 3n - 2 of 3n (99.3% for n = 100).
  write(`\ntraining accuracy ${(100 * report.accuracy).toFixed(1)}% (the claim: at least 95%)`);
  const last = result.history.at(-1)!;
  const reached = result.history.find((record) => record.trainAccuracy! >= 0.95);
  return { trainAccuracy: report.accuracy, finalLoss: last.trainLoss, epochTo95: reached?.epoch ?? 0 };
}

/** Every class gets a visible character (a blank would read as "nothing here"); light ones for regions. */
export const REGION_SYMBOLS = ['.', '-', ':'];
export const POINT_SYMBOLS = ['A', 'B', 'C'];

/** The plane [-1, 1]^2 as text: each cell shows the class the network predicts there, or a data point. */
function decisionMap(net: TwoLayerNet, X: Tensor, y: Tensor): string {
  const columns = 48;
  const rows = 24;
  // The centre of every cell, row by row from the top (y = 1) down.
  const cells: number[][] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      cells.push([-1 + (2 * column + 1) / columns, 1 - (2 * row + 1) / rows]);
    }
  }
  const regions = noGrad(() => predictClasses(net.forward(tensor(cells)), 'softmax').data);
  // Each region is drawn with a light symbol, each training point with its class's letter.
  const picture = Array.from(regions, (c) => REGION_SYMBOLS[c]!);
  y.data.forEach((label, i) => {
    const column = Math.floor(((X.data[2 * i]! + 1) / 2) * columns);
    const row = Math.floor(((1 - X.data[2 * i + 1]!) / 2) * rows);
    if (column >= 0 && column < columns && row >= 0 && row < rows)
      picture[row * columns + column] = POINT_SYMBOLS[label]!;
  });
  return Array.from({ length: rows }, (_, row) =>
    picture.slice(row * columns, (row + 1) * columns).join(''),
  ).join('\n');
}
