/**
 * The controls of the page, built from one declarative list: each reads its value from the config and
 * writes a new config back. `renderControls` fills the two panels and returns a function that shows a
 * config in the controls (after a URL load or an import).
 */
import { ACTIVATIONS, DATASETS, OPTIMIZERS, OUTPUTS, type PlaygroundConfig } from '../config.ts';

type Update = (change: Partial<PlaygroundConfig>) => void;

interface SelectControl {
  readonly kind: 'select';
  readonly key: keyof PlaygroundConfig;
  readonly label: string;
  readonly options: readonly (readonly [value: string, label: string])[];
  /** How the option's value becomes the config's (numbers are kept as text in the select). */
  readonly parse?: (text: string) => unknown;
}

interface SliderControl {
  readonly kind: 'slider';
  readonly key: 'points' | 'noise' | 'testRatio' | 'batchSize';
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly format: (value: number) => string;
}

type Control = SelectControl | SliderControl;

const DATASET_LABELS: Readonly<Record<string, string>> = {
  moons: 'Two moons',
  circles: 'Circles',
  xor: 'XOR',
  spirals: 'Spirals',
  blobs: 'Blobs (3 classes)',
  linear: 'Linearly separable',
  csv: 'CSV (drop a file)',
};

const LEARNING_RATES = ['0.0001', '0.001', '0.003', '0.01', '0.03', '0.1', '0.3', '1', '3'];
const L2_RATES = ['0', '0.0001', '0.001', '0.003', '0.01', '0.03', '0.1'];
const DROPOUT_RATES = ['0', '0.1', '0.2', '0.3', '0.5'];

const DATA_CONTROLS: readonly Control[] = [
  {
    kind: 'select',
    key: 'dataset',
    label: 'Dataset',
    options: DATASETS.map((name) => [name, DATASET_LABELS[name] ?? name] as const),
  },
  { kind: 'slider', key: 'points', label: 'Points', min: 50, max: 2000, step: 50, format: String },
  { kind: 'slider', key: 'noise', label: 'Noise', min: 0, max: 0.5, step: 0.01, format: (v) => v.toFixed(2) },
  {
    kind: 'slider',
    key: 'testRatio',
    label: 'Test share',
    min: 0.1,
    max: 0.9,
    step: 0.05,
    format: (v) => `${Math.round(v * 100)}%`,
  },
];

const NETWORK_CONTROLS: readonly Control[] = [
  {
    kind: 'select',
    key: 'activation',
    label: 'Activation',
    options: ACTIVATIONS.map((a) => [a, a] as const),
  },
  {
    kind: 'select',
    key: 'output',
    label: 'Output and loss',
    options: OUTPUTS.map(
      (o) => [o, o === 'sigmoid-bce' ? 'sigmoid + BCE' : 'softmax + cross entropy'] as const,
    ),
  },
  {
    kind: 'select',
    key: 'optimizer',
    label: 'Optimizer',
    options: OPTIMIZERS.map(
      (o) => [o, o === 'sgd' ? 'SGD' : o === 'adam' ? 'Adam' : 'SGD + momentum'] as const,
    ),
  },
  {
    kind: 'select',
    key: 'learningRate',
    label: 'Learning rate',
    options: LEARNING_RATES.map((rate) => [rate, rate] as const),
    parse: Number,
  },
  { kind: 'slider', key: 'batchSize', label: 'Batch size', min: 1, max: 512, step: 1, format: String },
  { kind: 'select', key: 'l2', label: 'L2', options: L2_RATES.map((r) => [r, r] as const), parse: Number },
  {
    kind: 'select',
    key: 'dropout',
    label: 'Dropout',
    options: DROPOUT_RATES.map((r) => [r, r] as const),
    parse: Number,
  },
];

/** A labelled select or slider; returns the element and how to show a config's value in it. */
function buildControl(
  control: Control,
  update: Update,
): { element: HTMLElement; show: (c: PlaygroundConfig) => void } {
  const wrapper = document.createElement('label');
  wrapper.className = 'control';
  const caption = document.createElement('span');
  caption.textContent = control.label;
  wrapper.append(caption);
  if (control.kind === 'select') {
    const select = document.createElement('select');
    select.id = control.key;
    for (const [value, label] of control.options) select.add(new Option(label, value));
    select.addEventListener('change', () => {
      update({ [control.key]: (control.parse ?? String)(select.value) } as Partial<PlaygroundConfig>);
    });
    wrapper.append(select);
    return {
      element: wrapper,
      show: (config) => {
        const value = String(config[control.key]);
        // A value outside the list (from a URL) is added, so the control never lies about the config.
        if (![...select.options].some((option) => option.value === value))
          select.add(new Option(value, value));
        select.value = value;
      },
    };
  }
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.id = control.key;
  slider.min = String(control.min);
  slider.max = String(control.max);
  slider.step = String(control.step);
  const shown = document.createElement('output');
  slider.addEventListener('input', () => {
    shown.textContent = control.format(Number(slider.value));
  });
  slider.addEventListener('change', () => update({ [control.key]: Number(slider.value) }));
  wrapper.append(slider, shown);
  return {
    element: wrapper,
    show: (config) => {
      slider.value = String(config[control.key]);
      shown.textContent = control.format(config[control.key]);
    },
  };
}

/** The hidden layers: + and - for layers, and for the units of each layer (TF Playground's buttons). */
function buildLayersEditor(update: Update): { element: HTMLElement; show: (c: PlaygroundConfig) => void } {
  const element = document.createElement('div');
  element.className = 'layers-editor';
  let hidden: readonly number[] = [];
  const button = (text: string, title: string, onClick: () => void) => {
    const b = document.createElement('button');
    b.textContent = text;
    b.title = title;
    b.addEventListener('click', onClick);
    return b;
  };
  const show = (config: PlaygroundConfig) => {
    hidden = config.hidden;
    const layerCount = document.createElement('div');
    layerCount.className = 'layer-count';
    const count = document.createElement('output');
    count.id = 'hidden-layers';
    count.textContent = `${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'}`;
    layerCount.append(
      button(
        '+',
        'Add a hidden layer',
        () => hidden.length < 6 && update({ hidden: [...hidden, hidden.at(-1) ?? 4] }),
      ),
      button(
        '−',
        'Remove the last hidden layer',
        () => hidden.length > 1 && update({ hidden: hidden.slice(0, -1) }),
      ),
      count,
    );
    const units = document.createElement('div');
    units.className = 'layer-units';
    hidden.forEach((size, layer) => {
      const column = document.createElement('div');
      const label = document.createElement('output');
      label.id = `units-${layer}`;
      label.textContent = `${size} units`;
      const resize = (delta: number) => {
        const next = Math.min(32, Math.max(1, size + delta));
        if (next !== size) update({ hidden: hidden.map((s, l) => (l === layer ? next : s)) });
      };
      column.append(
        button('+', `More units in layer ${layer + 1}`, () => resize(1)),
        button('−', `Fewer units in layer ${layer + 1}`, () => resize(-1)),
        label,
      );
      units.append(column);
    });
    element.replaceChildren(layerCount, units);
  };
  return { element, show };
}

/** The seed, and a button that draws new data by moving to the next seed. */
function buildSeed(update: Update, current: () => PlaygroundConfig) {
  const element = document.createElement('div');
  element.className = 'control seed';
  const label = document.createElement('label');
  label.textContent = 'Seed ';
  const input = document.createElement('input');
  input.type = 'number';
  input.id = 'seed';
  input.step = '1';
  input.addEventListener('change', () => {
    const seed = Number(input.value);
    if (Number.isSafeInteger(seed)) update({ seed });
  });
  label.append(input);
  const regenerate = document.createElement('button');
  regenerate.id = 'regenerate';
  regenerate.textContent = 'Regenerate';
  regenerate.title = 'New data and weights: the next seed';
  regenerate.addEventListener('click', () => update({ seed: current().seed + 1 }));
  element.append(label, regenerate);
  return { element, show: (config: PlaygroundConfig) => (input.value = String(config.seed)) };
}

/**
 * Fills the data and network panels; `update` receives each change. Returns the function that shows a
 * config in every control.
 */
export function renderControls(
  dataPanel: HTMLElement,
  networkPanel: HTMLElement,
  update: Update,
  current: () => PlaygroundConfig,
): (config: PlaygroundConfig) => void {
  const data = DATA_CONTROLS.map((control) => buildControl(control, update));
  const seed = buildSeed(update, current);
  const layers = buildLayersEditor(update);
  const network = NETWORK_CONTROLS.map((control) => buildControl(control, update));
  const all = [...data, seed, layers, ...network];
  dataPanel.replaceChildren();
  for (const control of [...data, seed]) dataPanel.append(control.element);
  networkPanel.replaceChildren();
  for (const control of [layers, ...network]) networkPanel.append(control.element);
  return (config) => {
    for (const control of all) control.show(config);
  };
}
