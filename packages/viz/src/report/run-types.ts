/**
 * What a run report shows, as plain data the CLI hands over: the run's result, its test evaluation, its
 * data and settings, the figures, and the command that repeats it.
 */
import type { EpochRecord, GradientComparisonReport, Network } from '@tapegrad/nn';
import type { HeldOut } from '../plots/curves.ts';

/**
 * The split that a history's held-out columns (nn's valLoss, valAccuracy) measured, as the curves name it:
 * the test set, shown epoch by epoch, or a validation split of the training rows.
 */
export type { HeldOut };

/** The final numbers of a run. */
export interface RunResult {
  readonly epochsRun: number;
  /** How training ended, as a sentence start: 'Trained 300 epochs', 'Stopped early after 57 epochs ...'. */
  readonly stopped: string;
  readonly seconds: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number | null;
  readonly testLoss: number;
  readonly testAccuracy: number | null;
}

/** The trained model on the test set: confusion[true][predicted] and each class's scores. */
export interface TestEvaluation {
  readonly classNames: readonly string[];
  readonly confusion: readonly (readonly number[])[];
  readonly perClass: readonly {
    readonly precision: number;
    readonly recall: number;
    readonly f1: number;
    readonly support: number;
  }[];
}

/** The data a run trained on. */
export interface DataSummary {
  /** A few words, e.g. 'moons, 200 points, noise 0.15, seed 42'. */
  readonly description: string;
  readonly trainRows: number;
  readonly testRows: number;
  readonly featureNames: readonly string[];
  readonly classes: readonly string[];
  /** How the features reach the model; default: standardized with the training rows' mean and std. */
  readonly scaling?: string;
}

/** An SVG figure and a sentence that says what it shows. */
export interface ReportFigure {
  readonly caption: string;
  readonly svg: string;
}

export interface ReportRun {
  readonly title: string;
  readonly history: readonly EpochRecord[];
  /** What the history's held-out columns measured; names them in the table and the text. */
  readonly heldOut: HeldOut;
  /** The epoch whose weights an early-stopped run kept: marked in the history table. */
  readonly keptEpoch?: number;
  readonly result?: RunResult;
  readonly evaluation?: TestEvaluation;
  /** The trained network: its architecture and weights. */
  readonly model?: Network;
  readonly data?: DataSummary;
  /** The training settings in words: [name, description], e.g. ['optimizer', 'Adam, learning rate 0.05']. */
  readonly settings?: readonly (readonly [string, string])[];
  /** The command line that repeats the run. */
  readonly command?: string;
  /** The learning curves and the like, in order. */
  readonly plots: readonly ReportFigure[];
  /** What the network learned (the boundary as training went, the hidden units), shown side by side. */
  readonly learned?: readonly ReportFigure[];
  readonly gradientCheck?: GradientComparisonReport;
}
