/**
 * The losses as Modules, as PyTorch's nn.MSELoss, nn.CrossEntropyLoss and the rest: a criterion built once
 * with its options, then `criterion.forward(output, target)`. Each checks its arguments under its own name
 * and computes with the functional loss (losses/), so every formula lives in one place.
 */
import { ones, Tensor } from '@tapegrad/autograd';
import {
  checkOptions,
  numberOption,
  type OptionCheck,
  refuse,
  refuseOption,
  shown,
} from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { huberLoss, l1Loss, smoothL1Loss } from '../losses/l1-huber.ts';
import { bceWithLogits, binaryCrossEntropy, crossEntropy, mse, nllLoss } from '../losses/losses.ts';
import { LOSS_OPTIONS, type Reduction, reduce } from '../losses/reduction.ts';
import { weightedLabelLoss, weightedSoftCrossEntropy } from '../losses/weighted-classes.ts';
import { Module } from './module.ts';

/** Class indices: a tensor [N] or [N, 1] of integers, or an array of them. */
export type ClassTarget = Tensor | readonly number[];

const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;

const tensorOption: OptionCheck = (fn, name, value) =>
  value instanceof Tensor ? value : refuseOption(fn, name, 'a Tensor', value);
const classWeightOption: OptionCheck = (fn, name, value) =>
  value instanceof Tensor && value.ndim === 1
    ? value
    : refuseOption(fn, name, 'a 1-D Tensor of one weight per class', value);
const integerIndexOption: OptionCheck = (fn, name, value) =>
  Number.isInteger(value) ? value : refuseOption(fn, name, 'an integer (a class index to skip)', value);

/**
 * The base of the loss modules: a Module (so `instanceof Module` holds, as in PyTorch) whose forward takes
 * the output and the target. `target` is optional only in the type, because Module.forward takes one
 * argument; leaving it out is a ConfigError naming it.
 */
export abstract class Loss extends Module {
  readonly reduction: Reduction;

  protected constructor(reduction: Reduction | undefined) {
    super();
    this.reduction = reduction ?? 'mean';
  }

  /** The loss of `input` (the model's output) against `target`, reduced by `reduction`. */
  override forward(input: Tensor, target?: Tensor | ClassTarget): Tensor {
    const fn = this.#fn();
    if (!(input instanceof Tensor)) refuse(fn, 'input', 'a Tensor (the model output)', input);
    if (target === undefined)
      refuse(fn, 'target', 'a Tensor, as in criterion.forward(output, target)', target);
    return this.compute(fn, input, target);
  }

  protected abstract compute(fn: string, input: Tensor, target: Tensor | ClassTarget): Tensor;

  /** The settings shown by describe(), after reduction. */
  protected settings(): string[] {
    return [];
  }

  /** `MSELoss(reduction=mean)`, `HuberLoss(reduction=sum, delta=0.5)`. */
  override describe(): string {
    return `${this.constructor.name}(${[`reduction=${this.reduction}`, ...this.settings()].join(', ')})`;
  }

  #fn(): string {
    return `${this.constructor.name}.forward`;
  }
}

/** A Tensor target of the input's exact shape (the elementwise losses do not broadcast). */
function sameShapeTarget(fn: string, input: Tensor, target: unknown): Tensor {
  if (!(target instanceof Tensor)) return refuse(fn, 'target', 'a Tensor', target);
  if (shapeText(input.shape) !== shapeText(target.shape)) {
    throw new ConfigError(
      `${fn}: input has shape ${shapeText(input.shape)} but target ${shapeText(target.shape)}; ` +
        `they must match (PyTorch would broadcast them): reshape the target to ${shapeText(input.shape)}`,
    );
  }
  return target;
}

/** Whether a tensor of `shape` broadcasts to exactly `target` (sizes matched from the last axis). */
function broadcastsTo(shape: readonly number[], target: readonly number[]): boolean {
  const offset = target.length - shape.length;
  return offset >= 0 && shape.every((size, axis) => size === 1 || size === target[offset + axis]);
}

/** An elementwise weight option, checked to broadcast to the input's shape. */
function checkBroadcastOption(fn: string, name: string, option: Tensor, input: Tensor): Tensor {
  if (!broadcastsTo(option.shape, input.shape)) {
    throw new ConfigError(
      `${fn}: option '${name}' of shape ${shapeText(option.shape)} does not broadcast to the input's shape ` +
        `${shapeText(input.shape)}; give it the input's shape or its trailing sizes`,
    );
  }
  return option;
}

/** Logits or log-probabilities [N, C], and a class weight of C entries if one was given. */
function checkClassInput(fn: string, input: Tensor, weight: Tensor | undefined): void {
  if (input.ndim !== 2) {
    throw new ConfigError(
      `${fn}: input must be [N, C] (a row of C class scores per example), got shape ${shapeText(input.shape)}`,
    );
  }
  if (weight !== undefined && weight.numel() !== input.shape[1]) {
    throw new ConfigError(
      `${fn}: option 'weight' has ${weight.numel()} entries but the input ${shapeText(input.shape)} has ${input.shape[1]} classes; give one weight per class`,
    );
  }
}

/** One class index per row of `input` [N, C]: integers in 0..C-1, or ignoreIndex (that row is skipped). */
function checkLabels(fn: string, target: unknown, input: Tensor, ignoreIndex: number): number[] {
  const [rows, classes] = input.shape as [number, number];
  let labels: number[];
  if (Array.isArray(target)) labels = [...(target as number[])];
  else if (target instanceof Tensor && (target.ndim === 1 || (target.ndim === 2 && target.shape[1] === 1))) {
    labels = Array.from(target.data);
  } else if (target instanceof Tensor) {
    throw new ConfigError(
      `${fn}: target of shape ${shapeText(target.shape)} does not fit input ${shapeText(input.shape)}; ` +
        `give class indices [${rows}] (or [${rows}, 1])`,
    );
  } else return refuse(fn, 'target', 'a Tensor or an array of class indices', target);
  if (labels.length !== rows) {
    throw new ConfigError(
      `${fn}: target has ${labels.length} labels but input ${shapeText(input.shape)} has ${rows} rows; give one class index per row`,
    );
  }
  labels.forEach((label, row) => {
    if (label !== ignoreIndex && !(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new ConfigError(
        `${fn}: label ${shown(label)} at row ${row} of target is not a class index in 0..${classes - 1} ` +
          `(nor ignoreIndex ${ignoreIndex})`,
      );
    }
  });
  return labels;
}

/** Mean squared error (input - target)^2, as nn.MSELoss. @example new MSELoss().forward(output, y) */
export class MSELoss extends Loss {
  constructor(options: { readonly reduction?: Reduction } = {}) {
    super(checkOptions('MSELoss', options, LOSS_OPTIONS).reduction);
  }

  protected compute(fn: string, input: Tensor, target: unknown): Tensor {
    return mse(input, sameShapeTarget(fn, input, target), { reduction: this.reduction });
  }
}

/** Mean absolute error |input - target|, as nn.L1Loss. */
export class L1Loss extends Loss {
  constructor(options: { readonly reduction?: Reduction } = {}) {
    super(checkOptions('L1Loss', options, LOSS_OPTIONS).reduction);
  }

  protected compute(fn: string, input: Tensor, target: unknown): Tensor {
    return l1Loss(input, sameShapeTarget(fn, input, target), { reduction: this.reduction });
  }
}

/** Huber loss, quadratic within delta of the target and linear beyond, as nn.HuberLoss (see huberLoss). */
export class HuberLoss extends Loss {
  readonly delta: number;

  constructor(options: { readonly reduction?: Reduction; readonly delta?: number } = {}) {
    const checked = checkOptions('HuberLoss', options, {
      ...LOSS_OPTIONS,
      delta: numberOption('a finite number > 0', (value) => value > 0),
    });
    super(checked.reduction);
    this.delta = checked.delta ?? 1;
  }

  protected compute(fn: string, input: Tensor, target: unknown): Tensor {
    return huberLoss(input, sameShapeTarget(fn, input, target), {
      reduction: this.reduction,
      delta: this.delta,
    });
  }

  protected override settings(): string[] {
    return [`delta=${this.delta}`];
  }
}

/** Smooth L1 loss, the Huber loss divided by beta, as nn.SmoothL1Loss (see smoothL1Loss). */
export class SmoothL1Loss extends Loss {
  readonly beta: number;

  constructor(options: { readonly reduction?: Reduction; readonly beta?: number } = {}) {
    const checked = checkOptions('SmoothL1Loss', options, {
      ...LOSS_OPTIONS,
      beta: numberOption('a finite number >= 0', (value) => value >= 0),
    });
    super(checked.reduction);
    this.beta = checked.beta ?? 1;
  }

  protected compute(fn: string, input: Tensor, target: unknown): Tensor {
    return smoothL1Loss(input, sameShapeTarget(fn, input, target), {
      reduction: this.reduction,
      beta: this.beta,
    });
  }

  protected override settings(): string[] {
    return [`beta=${this.beta}`];
  }
}

/**
 * Binary cross entropy of probabilities in [0, 1], as nn.BCELoss; `weight` rescales each element's loss
 * (broadcast to the input) before the reduction.
 */
export class BCELoss extends Loss {
  readonly #weight: Tensor | undefined;

  constructor(options: { readonly reduction?: Reduction; readonly weight?: Tensor } = {}) {
    const checked = checkOptions('BCELoss', options, { ...LOSS_OPTIONS, weight: tensorOption });
    super(checked.reduction);
    this.#weight = checked.weight;
  }

  protected compute(fn: string, input: Tensor, target: unknown): Tensor {
    const targets = sameShapeTarget(fn, input, target);
    if (this.#weight === undefined) return binaryCrossEntropy(input, targets, { reduction: this.reduction });
    const weight = checkBroadcastOption(fn, 'weight', this.#weight, input);
    return reduce(binaryCrossEntropy(input, targets, { reduction: 'none' }).mul(weight), this.reduction);
  }

  protected override settings(): string[] {
    return this.#weight === undefined ? [] : [`weight=${shapeText(this.#weight.shape)}`];
  }
}

/**
 * Binary cross entropy on logits, as nn.BCEWithLogitsLoss: exact where sigmoid rounds to 0 or 1. `weight`
 * rescales each element; `posWeight` (per class, broadcast over the last axis) weighs the positive term:
 * (1 - y) z + (1 + (posWeight - 1) y) softplus(-z), whose gradient is (1 + (pw - 1) y) sigmoid(z) - pw y.
 */
export class BCEWithLogitsLoss extends Loss {
  readonly #weight: Tensor | undefined;
  readonly #posWeight: Tensor | undefined;

  constructor(
    options: { readonly reduction?: Reduction; readonly weight?: Tensor; readonly posWeight?: Tensor } = {},
  ) {
    const checked = checkOptions('BCEWithLogitsLoss', options, {
      ...LOSS_OPTIONS,
      weight: tensorOption,
      posWeight: tensorOption,
    });
    super(checked.reduction);
    this.#weight = checked.weight;
    this.#posWeight = checked.posWeight;
  }

  protected compute(fn: string, input: Tensor, target: unknown): Tensor {
    const targets = sameShapeTarget(fn, input, target);
    const weight = this.#weight && checkBroadcastOption(fn, 'weight', this.#weight, input);
    const posWeight = this.#posWeight && checkBroadcastOption(fn, 'posWeight', this.#posWeight, input);
    if (weight === undefined && posWeight === undefined) {
      return bceWithLogits(input, targets, { reduction: this.reduction });
    }
    const losses =
      posWeight === undefined
        ? bceWithLogits(input, targets, { reduction: 'none' })
        : targets
            .neg()
            .add(1)
            .mul(input)
            .add(posWeight.sub(1).mul(targets).add(1).mul(input.neg().softplus()));
    return reduce(weight === undefined ? losses : losses.mul(weight), this.reduction);
  }

  protected override settings(): string[] {
    return [
      ...(this.#weight === undefined ? [] : [`weight=${shapeText(this.#weight.shape)}`]),
      ...(this.#posWeight === undefined ? [] : [`posWeight=${shapeText(this.#posWeight.shape)}`]),
    ];
  }
}

/**
 * Negative log likelihood of log-probabilities [N, C] at class indices [N], as nn.NLLLoss: `weight` [C]
 * weighs each class (the mean divides by the counted rows' weights), rows labelled `ignoreIndex` (default
 * -100) are skipped.
 */
export class NLLLoss extends Loss {
  readonly ignoreIndex: number;
  readonly #weight: Tensor | undefined;

  constructor(
    options: { readonly reduction?: Reduction; readonly weight?: Tensor; readonly ignoreIndex?: number } = {},
  ) {
    const checked = checkOptions('NLLLoss', options, {
      ...LOSS_OPTIONS,
      weight: classWeightOption,
      ignoreIndex: integerIndexOption,
    });
    super(checked.reduction);
    this.#weight = checked.weight;
    this.ignoreIndex = checked.ignoreIndex ?? -100;
  }

  protected compute(fn: string, input: Tensor, target: unknown): Tensor {
    checkClassInput(fn, input, this.#weight);
    const labels = checkLabels(fn, target, input, this.ignoreIndex);
    if (this.#weight === undefined && !labels.includes(this.ignoreIndex)) {
      return nllLoss(input, labels, { reduction: this.reduction });
    }
    return weightedLabelLoss(input, labels, {
      weight: this.#weight ?? ones([input.shape[1]!]),
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: 0,
      reduction: this.reduction,
    });
  }

  protected override settings(): string[] {
    return [
      ...(this.#weight === undefined ? [] : [`weight=${shapeText(this.#weight.shape)}`]),
      `ignoreIndex=${this.ignoreIndex}`,
    ];
  }
}

/**
 * Cross entropy of logits [N, C] (softmax inside, never apply it first) against class indices [N] or
 * [N, 1], or against a distribution per row [N, C], as nn.CrossEntropyLoss: `weight` [C] weighs each
 * class, rows labelled `ignoreIndex` (default -100; class-index targets only) are skipped, and
 * `labelSmoothing` eps in [0, 1] mixes the target with the uniform distribution: (1 - eps) t + eps / C.
 * @example new CrossEntropyLoss().forward(logits, tensor([2, 0, 1])) // mean over the 3 rows
 */
export class CrossEntropyLoss extends Loss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  readonly #weight: Tensor | undefined;

  constructor(
    options: {
      readonly reduction?: Reduction;
      readonly weight?: Tensor;
      readonly ignoreIndex?: number;
      readonly labelSmoothing?: number;
    } = {},
  ) {
    const checked = checkOptions('CrossEntropyLoss', options, {
      ...LOSS_OPTIONS,
      weight: classWeightOption,
      ignoreIndex: integerIndexOption,
      labelSmoothing: numberOption('a number in [0, 1]', (value) => value >= 0 && value <= 1),
    });
    super(checked.reduction);
    this.#weight = checked.weight;
    this.ignoreIndex = checked.ignoreIndex ?? -100;
    this.labelSmoothing = checked.labelSmoothing ?? 0;
  }

  protected compute(fn: string, input: Tensor, target: unknown): Tensor {
    checkClassInput(fn, input, this.#weight);
    const plain = this.#weight === undefined && this.labelSmoothing === 0;
    const weighting = {
      weight: this.#weight ?? ones([input.shape[1]!]),
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: this.labelSmoothing,
      reduction: this.reduction,
    };
    const isDistribution = target instanceof Tensor && target.ndim === 2 && target.shape[1] !== 1;
    if (isDistribution) {
      const targets = sameShapeTarget(fn, input, target);
      if (this.ignoreIndex >= 0) {
        throw new ConfigError(
          `${fn}: option 'ignoreIndex' (${this.ignoreIndex}) applies to class-index targets, not to a target ` +
            `of probabilities ${shapeText(targets.shape)}; leave it out or give class indices`,
        );
      }
      if (plain) return crossEntropy(input, targets, { reduction: this.reduction });
      return weightedSoftCrossEntropy(input.logSoftmax(-1), targets, weighting);
    }
    const labels = checkLabels(fn, target, input, this.ignoreIndex);
    if (plain && !labels.includes(this.ignoreIndex)) {
      return crossEntropy(input, labels, { reduction: this.reduction });
    }
    return weightedLabelLoss(input.logSoftmax(-1), labels, weighting);
  }

  protected override settings(): string[] {
    return [
      ...(this.#weight === undefined ? [] : [`weight=${shapeText(this.#weight.shape)}`]),
      `ignoreIndex=${this.ignoreIndex}`,
      `labelSmoothing=${this.labelSmoothing}`,
    ];
  }
}
