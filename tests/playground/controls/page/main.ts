/**
 * The controls alone, wired as main.ts wires them (each change merged into the config and shown back), with
 * every change recorded for the test to read: `window.controlsPage`.
 */
import { DEFAULT_CONFIG, type PlaygroundConfig } from '../../../../packages/playground/src/config.ts';
import { renderAxesPicker } from '../../../../packages/playground/src/ui/axes-picker.ts';
import { renderControls } from '../../../../packages/playground/src/ui/controls.ts';

export interface ControlsPage {
  config: PlaygroundConfig;
  readonly changes: Partial<PlaygroundConfig>[];
  readonly axesChosen: [number, number][];
  show(config: PlaygroundConfig): void;
  pickAxes(featureNames: readonly string[], axes: [number, number]): void;
}

const byId = (id: string) => document.getElementById(id)!;
const state: ControlsPage = {
  config: DEFAULT_CONFIG,
  changes: [],
  axesChosen: [],
  show: (config) => {
    state.config = config;
    show(config);
  },
  pickAxes: (featureNames, axes) =>
    renderAxesPicker(byId('axes-picker'), featureNames, axes, (chosen) => state.axesChosen.push(chosen)),
};
const show = renderControls(
  byId('data-controls'),
  byId('network-controls'),
  (change) => {
    state.changes.push(change);
    state.show({ ...state.config, ...change });
  },
  () => state.config,
);
state.show(DEFAULT_CONFIG);
(window as unknown as { controlsPage: ControlsPage }).controlsPage = state;
document.body.dataset.ready = 'yes';
