/**
 * A trained network as the service holds it: its name, the classes it tells apart, the features it takes
 * (in order), and the standardization its training data had. `predict` is the one forward pass every
 * route uses, the same computation as `tapegrad predict`: standardize, forward with no tape, the class
 * probabilities and the predicted class of each row.
 */
import { noGrad, tensor } from '@tapegrad/autograd';
import {
  classProbabilities,
  type Network,
  predictClasses,
  type Standardizer,
  standardizerFromStats,
} from '@tapegrad/nn';

/** What createApp is given for each model (`tapegrad serve` reads it from a run folder). */
export interface ServedModelSpec {
  /** The name in the routes (`/models/{name}/predict`): letters, digits, `.`, `_` and `-`. */
  readonly name: string;
  /** A TwoLayerNet or MLP classifier: a sigmoid output with one unit, or a softmax output. */
  readonly network: Network;
  /** The class names, in the order of the network's outputs. */
  readonly classes: readonly string[];
  /** The feature names, in the order of the network's inputs. */
  readonly featureNames: readonly string[];
  /** The training split's statistics: inputs are standardized as (x - mean) / std. */
  readonly standardizer: { readonly mean: readonly number[]; readonly std: readonly number[] };
}

/** The answer for a block of rows: per row the predicted class index and the class probabilities. */
export interface RowPredictions {
  /** [rows] class indices into `classes`. */
  readonly classIndices: Float64Array;
  /** [rows * classes] probabilities, row-major. */
  readonly probabilities: Float64Array;
  /**
   * The rows whose output is NaN, in increasing order: finite values so large that the forward pass
   * meets Infinity - Infinity (1e308 standardized overflows). Their class and probabilities mean nothing.
   */
  readonly nonNumberRows: readonly number[];
}

/** The message for a row the model computes no number for; `where` names it (`rows[3]`). */
export const nonNumberRowMessage = (where: string) =>
  `${where}: the model's output for this row is not a number: its values are too large to compute with in ` +
  'float64 (Infinity - Infinity); send values near the range of the training data';

/** A model name that can be part of a URL path: letters, digits, '.', '_' and '-', not starting with a sign. */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class ServedModel {
  readonly name: string;
  readonly network: Network;
  readonly classes: readonly string[];
  readonly featureNames: readonly string[];
  private readonly standardizer: Standardizer;

  /** Checks that the parts fit together; `where` names the spec in errors (`createApp: models[1]`). */
  constructor(spec: ServedModelSpec, where: string) {
    const fail = (message: string) => new TypeError(`${where}: ${message}`);
    if (typeof spec !== 'object' || spec === null)
      throw fail('expected { name, network, classes, featureNames, standardizer }');
    if (typeof spec.name !== 'string' || !MODEL_NAME_PATTERN.test(spec.name)) {
      throw fail(
        `name ${JSON.stringify(spec.name)} cannot be part of a URL; use letters, digits, '.', '_' and '-'`,
      );
    }
    const network = spec.network;
    if (typeof network !== 'object' || network === null || typeof network.forward !== 'function') {
      throw fail('network must be a TwoLayerNet or MLP');
    }
    const inputs = 'layer1' in network ? network.inputs : network.sizes[0]!;
    const outputs = 'layer1' in network ? network.outputs : network.sizes.at(-1)!;
    const classCount =
      network.output === 'sigmoid' && outputs === 1 ? 2 : network.output === 'softmax' ? outputs : 0;
    if (classCount === 0) {
      throw fail(
        `the network's output is ${network.output} with ${outputs} units; a classifier has one sigmoid unit or a softmax`,
      );
    }
    if (
      !Array.isArray(spec.classes) ||
      spec.classes.length !== classCount ||
      spec.classes.some((c) => typeof c !== 'string')
    ) {
      throw fail(`classes must be ${classCount} strings, one per class the network tells apart`);
    }
    if (
      !Array.isArray(spec.featureNames) ||
      spec.featureNames.length !== inputs ||
      spec.featureNames.some((f) => typeof f !== 'string') ||
      new Set(spec.featureNames).size !== inputs
    ) {
      throw fail(`featureNames must be ${inputs} different strings, one per input of the network`);
    }
    if (spec.standardizer?.mean?.length !== inputs) {
      throw fail(`standardizer.mean must have ${inputs} numbers, one per input of the network`);
    }
    this.standardizer = standardizerFromStats(
      spec.standardizer.mean,
      spec.standardizer.std,
      `${where}: standardizer`,
    );
    this.name = spec.name;
    this.network = network;
    this.classes = [...spec.classes];
    this.featureNames = [...spec.featureNames];
    network.eval();
  }

  get featureCount(): number {
    return this.featureNames.length;
  }

  /**
   * The predictions for `rows` rows of raw feature values, row-major in `values`. Each row's numbers
   * are the same whatever rows it is computed with (matmul is batch invariant), so batched requests get
   * the answer they would get alone.
   */
  predict(values: Float64Array, rows: number): RowPredictions {
    const outputs = noGrad(() =>
      this.network.forward(this.standardizer.transform(tensor(values, { shape: [rows, this.featureCount] }))),
    );
    const probabilities = classProbabilities(outputs, this.network.output).data;
    const classCount = this.classes.length;
    const nonNumberRows: number[] = [];
    for (let row = 0; row < rows; row++) {
      if (Number.isNaN(probabilities[row * classCount])) nonNumberRows.push(row);
    }
    // predictClasses refuses NaN (a diverged model); the rows that hold it are refused by the caller.
    const decided =
      nonNumberRows.length === 0
        ? outputs
        : tensor(
            outputs.data.map((value) => (Number.isNaN(value) ? 0 : value)),
            { shape: [...outputs.shape] },
          );
    return {
      classIndices: predictClasses(decided, this.network.output).data,
      probabilities,
      nonNumberRows,
    };
  }
}
