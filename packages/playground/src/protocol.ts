/**
 * The messages between the page and the training worker. The page sends requests; the worker answers
 * each with one message (and, while playing, sends a Snapshot after each burst of epochs).
 */
import type { PlaygroundConfig } from './config.ts';
import type { PlaneData, ProofView, Snapshot } from './snapshot.ts';

/** A CSV the user dropped on the page: its text and the column holding the class. */
export interface CsvSource {
  readonly name: string;
  readonly text: string;
  readonly target: string;
}

export type ToWorker =
  /** Build the data and a fresh network from the config (and the CSV when dataset is 'csv'); answers 'data' then 'snapshot'. */
  | { readonly type: 'configure'; readonly config: PlaygroundConfig; readonly csv?: CsvSource }
  /** Train continuously, sending a snapshot about every `frameMs` milliseconds, until 'pause'. */
  | { readonly type: 'play'; readonly frameMs: number }
  | { readonly type: 'pause' }
  /** One epoch; answers 'snapshot'. */
  | { readonly type: 'step' }
  /** Fresh weights from the seed, epoch 0; answers 'snapshot'. */
  | { readonly type: 'reset' }
  /** The proof at the current weights; answers 'proof'. With finiteDifferences, the slower check too. */
  | { readonly type: 'proof'; readonly finiteDifferences: boolean }
  /** The computation graph of the forward pass and loss on `rows` training rows; answers 'graph'. */
  | { readonly type: 'graph'; readonly rows: number }
  /** The worked example for training point `index` at the current weights; answers 'explain'. */
  | { readonly type: 'explain'; readonly index: number }
  /** The run as the CLI writes it; answers 'export'. */
  | { readonly type: 'export' }
  /** Load a model.json (and the config.json beside it) written by the CLI or by 'export'; answers 'imported', 'data', 'snapshot'. */
  | { readonly type: 'import'; readonly modelJson: string; readonly configJson: string };

export type FromWorker =
  /** After 'import': the configuration the run was trained with, and what could not be taken as it was. */
  | { readonly type: 'imported'; readonly config: PlaygroundConfig; readonly problems: readonly string[] }
  | { readonly type: 'data'; readonly data: PlaneData }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot; readonly playing: boolean }
  | { readonly type: 'proof'; readonly proof: ProofView }
  /** The SVG of the graph (viz's dotToSvg), nodes carrying values and gradients in their tooltips. */
  | { readonly type: 'graph'; readonly svg: string }
  /** The worked example as a standalone HTML page. */
  | { readonly type: 'explain'; readonly html: string }
  /** model.json and config.json as `tapegrad train` writes them, so `tapegrad evaluate` and `serve` accept them. */
  | { readonly type: 'export'; readonly modelJson: string; readonly configJson: string }
  /** A request that could not be done, with a message for the page. */
  | { readonly type: 'error'; readonly request: ToWorker['type']; readonly message: string };
