/**
 * The views page: every view drawn from fake-data.ts, then timed redraws. What the test reads is on
 * `window.viewsPage`; `document.body.dataset.ready` says it is done.
 */
import {
  canvasToData,
  drawBoundary,
  pointNearest,
} from '../../../../packages/playground/src/views/boundary.ts';
import { LossChart } from '../../../../packages/playground/src/views/loss-chart.ts';
import { renderNetworkDiagram } from '../../../../packages/playground/src/views/network-diagram.ts';
import { drawNeuronHeatmap } from '../../../../packages/playground/src/views/neurons.ts';
import {
  gridOf,
  largeNetwork,
  lossPoints,
  manyPoints,
  threeClassBoundary,
  threeClassData,
  tinyNetwork,
  twoClassBoundary,
  twoClassData,
} from './fake-data.ts';

export interface ViewsPage {
  /** Milliseconds per call, averaged over repeated redraws. */
  readonly timings: Record<string, number>;
  /** Redraws the 2-4-1 diagram with its weights times `scale`. */
  redrawTinyNetwork(scale: number): void;
  /** Appends `count` more loss points. */
  appendLoss(count: number): void;
  /** pointNearest and canvasToData on the two-class canvas, at CSS pixel (x, y). */
  nearestTrainPoint(x: number, y: number): number | undefined;
  dataAt(x: number, y: number): [number, number];
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The mean time of `repeats` calls of `run`, in milliseconds. */
function timed(repeats: number, run: () => void): number {
  const start = performance.now();
  for (let k = 0; k < repeats; k++) run();
  return (performance.now() - start) / repeats;
}

const twoData = twoClassData();
const twoBoundary = twoClassBoundary();
const twoCanvas = byId<HTMLCanvasElement>('boundary-two');
const threeCanvas = byId<HTMLCanvasElement>('boundary-three');
const drawTwo = () => drawBoundary(twoCanvas, twoData, twoBoundary);
drawTwo();
drawBoundary(threeCanvas, threeClassData(), threeClassBoundary(), { showTest: false, chosenTrainPoint: 5 });

const neurons = byId('neurons');
for (const [activation, f] of [
  ['tanh', (x: number) => Math.tanh(2 * x)],
  ['sigmoid', (_: number, y: number) => 1 / (1 + Math.exp(-3 * y))],
  ['relu', (x: number, y: number) => Math.max(0, x + y)],
] as const) {
  const canvas = document.createElement('canvas');
  canvas.dataset.activation = activation;
  neurons.append(canvas);
  drawNeuronHeatmap(canvas, gridOf(f, 20), activation);
}

const inputNames = [...twoData.axes];
renderNetworkDiagram(byId('diagram'), tinyNetwork(), {
  inputNames,
  width: 520,
  outputProbability: twoBoundary.probability,
});
const large = largeNetwork();
const drawLarge = () => renderNetworkDiagram(byId('diagram-large'), large, { width: 520 });
drawLarge();

const chart = new LossChart(byId('loss'), { width: 420 });
let epochs = 0;
const appendLoss = (count: number) => {
  chart.append(lossPoints(epochs, count));
  epochs += count;
};

// Warm up (sprites, fonts, the scratch canvas), then time: the first draws cost several times more.
timed(10, drawTwo);
const fiveHundred = manyPoints(500);
const timings = {
  drawBoundary: timed(30, drawTwo),
  drawBoundary500: timed(30, () => drawBoundary(twoCanvas, fiveHundred, twoBoundary)),
  largeDiagramUpdate: timed(30, drawLarge),
  lossAppend10: timed(30, () => appendLoss(10)),
};

drawTwo();

const page: ViewsPage = {
  timings,
  redrawTinyNetwork: (scale) => {
    renderNetworkDiagram(byId('diagram'), tinyNetwork(scale), {
      inputNames,
      width: 520,
      outputProbability: twoBoundary.probability,
    });
  },
  appendLoss,
  nearestTrainPoint: (x, y) => pointNearest(twoCanvas, twoData, x, y),
  dataAt: (x, y) => canvasToData(twoCanvas, twoData.bounds, x, y),
};
(window as unknown as { viewsPage: ViewsPage }).viewsPage = page;
document.body.dataset.ready = 'yes';
