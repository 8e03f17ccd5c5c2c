import type { OptimizerName } from '@tapegrad/nn';
import type { Architecture } from '../architecture.ts';
import type { DatasetOptions } from '../datasets.ts';
import type { PresetName } from './sklearn-preset.ts';

/** The options of `tapegrad train`, as commander parses them (see commands/train.ts for the defaults). */
export interface TrainOptions extends DatasetOptions, Architecture {
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly epochs: number;
  /** Undefined: full-batch gradient descent. */
  readonly batchSize?: number;
  readonly l2: number;
  readonly seed: number;
  readonly gradients: 'autograd' | 'manual';
  /** --compile (true) or --no-compile (false); undefined: compiled when the step compiles, else eager. */
  readonly compile?: boolean;
  readonly patience?: number;
  /** Train with another library's algorithm and defaults (sklearn-preset.ts); undefined: tapegrad's own. */
  readonly preset?: PresetName;
  readonly out?: string;
}
