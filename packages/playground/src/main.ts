/**
 * The playground page: the controls write the configuration (and the URL), the worker trains, and each
 * snapshot it sends is drawn: the decision boundary, the network with each unit's heatmap, the loss curve,
 * the numbers; the proof panel asks the worker for the hand-derived gradients against the tape's.
 */
import { DEFAULT_CONFIG, type PlaygroundConfig } from './config.ts';
import type { CsvSource } from './protocol.ts';
import type { PlaneData, Snapshot } from './snapshot.ts';
import { renderAxesPicker } from './ui/axes-picker.ts';
import { renderControls } from './ui/controls.ts';
import { acceptCsvDrops, download, runFiles } from './ui/files.ts';
import { renderProof } from './ui/proof-panel.ts';
import { WorkerClient } from './ui/worker-client.ts';
import { configFromSearch, configToSearch, normalizeConfig } from './url-state.ts';
import { drawBoundary, pointNearest } from './views/boundary.ts';
import { LossChart } from './views/loss-chart.ts';
import { renderNetworkDiagram } from './views/network-diagram.ts';

/** About how often the worker sends a snapshot while playing: at least 10 redraws a second. */
const FRAME_MS = 80;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const loaded = configFromSearch(location.search);
let config: PlaygroundConfig = loaded.config;
let csv: CsvSource | undefined;
let data: PlaneData | undefined;
let snapshot: Snapshot | undefined;
let playing = false;
let chosenPoint = 0;

const boundaryCanvas = byId<HTMLCanvasElement>('boundary');
const lossChart = new LossChart(byId('loss-chart'));

function showProblems(problems: readonly string[]): void {
  byId('problems').textContent = problems.join('\n');
}

function setPlaying(next: boolean): void {
  playing = next;
  const play = byId<HTMLButtonElement>('play');
  play.textContent = playing ? '❚❚ Pause' : '▶ Play';
  play.setAttribute('aria-pressed', String(playing));
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function drawSnapshot(next: Snapshot): void {
  snapshot = next;
  byId('epoch').textContent = String(next.epoch);
  if (next.epochsPerSecond > 0) byId('speed').textContent = `${Math.round(next.epochsPerSecond)} epochs/s`;
  byId('train-loss').textContent = next.latest.trainLoss.toFixed(4);
  byId('test-loss').textContent = next.latest.testLoss.toFixed(4);
  byId('train-accuracy').textContent = percent(next.latest.trainAccuracy);
  byId('test-accuracy').textContent = percent(next.latest.testAccuracy);
  if (data !== undefined)
    drawBoundary(boundaryCanvas, data, next.boundary, { chosenTrainPoint: chosenPoint });
  renderNetworkDiagram(byId('network-diagram'), next.network, {
    inputNames: data?.axes ?? ['x1', 'x2'],
    outputProbability: next.boundary.probability,
  });
  lossChart.append(next.newPoints);
}

const client = new WorkerClient({
  imported: (message) => {
    show(message.config);
    showProblems(message.problems);
  },
  data: (message) => {
    data = message.data;
    lossChart.clear();
    renderAxesPicker(byId('axes-picker'), data.featureNames, config.axes, (axes) =>
      configure({ ...config, axes }),
    );
  },
  snapshot: (message) => {
    setPlaying(message.playing);
    drawSnapshot(message.snapshot);
    if (!message.playing) client.send({ type: 'proof', finiteDifferences: false });
  },
  proof: (message) => renderProof(byId('proof'), message.proof),
  graph: (message) => {
    byId('graph').innerHTML = message.svg;
  },
  explain: async (message) => {
    // KaTeX's stylesheet, its fonts inlined (vite.config.ts), loaded the first time a page is explained.
    const { default: katexStylesheet } = await import('katex/dist/katex.min.css?inline');
    const html = message.html.replace('</head>', `<style>${katexStylesheet}</style></head>`);
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    window.open(url, '_blank');
  },
  export: (message) => {
    download('model.json', message.modelJson);
    download('config.json', message.configJson);
  },
  error: (message) => {
    setPlaying(false);
    showProblems([`${message.request}: ${message.message}`]);
  },
});

/** Makes `next` the page's configuration: in the URL and in the controls. */
function show(next: PlaygroundConfig): void {
  config = next;
  history.replaceState(null, '', `${location.pathname}${configToSearch(config)}`);
  showControls(config);
}

/** Shows `next` and has the worker build its data and a fresh network. */
function configure(next: PlaygroundConfig): void {
  show(next);
  setPlaying(false);
  client.send({ type: 'configure', config, ...(csv === undefined ? {} : { csv }) });
}

const showControls = renderControls(
  byId('data-controls'),
  byId('network-controls'),
  (change) => {
    const checked = normalizeConfig({ ...config, ...change });
    showProblems(checked.problems);
    configure(checked.config);
  },
  () => config,
);

byId('play').addEventListener('click', () => {
  client.send(playing ? { type: 'pause' } : { type: 'play', frameMs: FRAME_MS });
  setPlaying(!playing);
});
byId('step').addEventListener('click', () => {
  client.send({ type: 'pause' });
  client.send({ type: 'step' });
});
byId('reset').addEventListener('click', () => {
  setPlaying(false);
  lossChart.clear();
  client.send({ type: 'reset' });
});
byId('finite-differences').addEventListener('click', () =>
  client.send({ type: 'proof', finiteDifferences: true }),
);
byId('show-graph').addEventListener('click', () => client.send({ type: 'graph', rows: 4 }));
byId('explain').addEventListener('click', () => client.send({ type: 'explain', index: chosenPoint }));
byId('export').addEventListener('click', () => client.send({ type: 'export' }));
byId<HTMLInputElement>('import').addEventListener('change', async (event) => {
  const files = (event.target as HTMLInputElement).files;
  if (files === null || files.length === 0) return;
  try {
    client.send({ type: 'import', ...(await runFiles(files)) });
  } catch (error) {
    showProblems([(error as Error).message]);
  }
});
boundaryCanvas.addEventListener('click', (event) => {
  if (data === undefined || snapshot === undefined) return;
  const index = pointNearest(boundaryCanvas, data, event.offsetX, event.offsetY);
  if (index === undefined) return;
  chosenPoint = index;
  byId('chosen-point').textContent = String(index);
  drawBoundary(boundaryCanvas, data, snapshot.boundary, { chosenTrainPoint: chosenPoint });
});
acceptCsvDrops(
  (dropped) => {
    csv = dropped;
    configure({ ...config, dataset: 'csv' });
  },
  (message) => showProblems([message]),
);

// A CSV's text cannot travel in a URL: a link to a CSV run starts on the default data, and says so.
const csvLeftBehind =
  config.dataset === 'csv'
    ? [
        'data=csv: a dropped CSV file cannot travel in a link; drop the file on the page again (showing moons meanwhile)',
      ]
    : [];
configure(config.dataset === 'csv' ? { ...config, dataset: DEFAULT_CONFIG.dataset } : config);
showProblems([...loaded.problems, ...csvLeftBehind]);
