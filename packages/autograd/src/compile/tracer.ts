/**
 * The tracer: while `compile` runs a function the first time, it sees every op (tape.ts hands each one
 * over), the backward walk's own work (fan-out sums are recorded adds while tracing; `.grad` stores come
 * here), and refuses what a replay could not reproduce. Values are known by their storage: a reshape's output
 * shares its input's array, so it is the same value and costs nothing on replay.
 */
import * as kernels from '../kernels/index.ts';
import type { Shape } from '../shape/shape.ts';
import { type OpObserver, setOpObserver } from '../tape/tape.ts';
import { type RandomDrawObserver, setRandomDrawObserver } from '../tensor/rng.ts';
import { setValueReadHook, Tensor } from '../tensor/tensor.ts';
import { CompileError } from './compile-error.ts';
import { isElementwise } from './elementwise-ops.ts';
import { isIndexReplay } from './index-kernels.ts';
import { REPLAY_KERNELS } from './replay-kernels.ts';

/**
 * A value of the traced program: an input of the compiled function (replaced at every call), an external
 * array read by reference (a parameter, a constant made while tracing), or the output of a traced op.
 */
export interface TracedValue {
  readonly id: number;
  readonly kind: 'input' | 'external' | 'computed';
  /** Its storage while tracing. */
  readonly array: Float64Array;
  readonly shape: Shape;
  /** For an input, its position among the compiled function's arguments; else -1. */
  readonly inputIndex: number;
}

/** An op as traced: its operands (and their shapes as the op read them), its output, its replay argument. */
export interface TracedOp {
  readonly kind: 'op';
  readonly op: string;
  readonly inputs: readonly TracedValue[];
  readonly inputShapes: readonly Shape[];
  readonly output: TracedValue;
  readonly replay: unknown;
}

/** The walk adding a gradient into a tensor's `.grad`: an input's (by position) or another tensor's. */
export interface TracedGradStore {
  readonly kind: 'storeGrad';
  readonly target: Tensor;
  readonly inputIndex: number;
  readonly source: TracedValue;
  /** The gradient's shape, the target's (its storage may be a value traced under another shape). */
  readonly shape: Shape;
}

/**
 * Code the traced function ran outside the tape (traceEffect: an optimizer's update, gradients zeroed), run
 * again at its place in every replay.
 */
export interface TracedEffect {
  readonly kind: 'effect';
  readonly name: string;
  readonly run: () => void;
}

export type TracedStep = TracedOp | TracedGradStore | TracedEffect;

/** Removes whatever tracer is watching ops, random draws and value reads. */
function unobserve(): void {
  setOpObserver(null);
  setRandomDrawObserver(null);
  setValueReadHook(null);
}

/** The traced values a step reads. */
export function readsOf(step: TracedStep): readonly TracedValue[] {
  return step.kind === 'op' ? step.inputs : step.kind === 'storeGrad' ? [step.source] : [];
}

export class Tracer implements OpObserver, RandomDrawObserver {
  readonly values = new Map<Float64Array, TracedValue>();
  readonly steps: TracedStep[] = [];
  /** Conditions the traced code relied on (a module's mode): the plan replays only while each holds. */
  readonly guards: (() => boolean)[] = [];

  constructor(readonly inputs: readonly Tensor[]) {
    inputs.forEach((input, index) => {
      if (!this.values.has(input.data)) this.add('input', input.data, input.shape, index);
    });
  }

  private add(kind: TracedValue['kind'], array: Float64Array, shape: Shape, inputIndex = -1): TracedValue {
    const value: TracedValue = { id: this.values.size, kind, array, shape, inputIndex };
    this.values.set(array, value);
    return value;
  }

  /** The value a tensor holds; one the trace has not met is external (a parameter or a constant). */
  valueOf(tensor: Tensor): TracedValue {
    return this.values.get(tensor.data) ?? this.add('external', tensor.data, tensor.shape);
  }

  op(op: string, inputs: readonly Tensor[], output: Tensor, replay: unknown): void {
    // A reshape's output is its input's storage: the same value, nothing to replay.
    if (op === 'reshape' && output.data === inputs[0]?.data) return;
    // norm's values are ops the trace has seen (run on a detached input); norm adds only a backward rule.
    if (op === 'norm' && this.values.get(output.data)?.kind === 'computed') return;
    if (op.endsWith('_') || op === 'bumpVersion') {
      throw new CompileError(
        `compile: '${op}' writes into a tensor in place, which a replay would not redo. Compute out of place ` +
          "(y = y.add(x), not y.add_(x)), and wrap an optimizer's step in traceEffect (nn's compileStep " +
          'does), which replays it in place',
      );
    }
    if (typeof replay !== 'function' && !isElementwise(op) && !Object.hasOwn(REPLAY_KERNELS, op)) {
      throw new CompileError(
        `compile: '${op}' cannot be captured: it has no replay kernel (compile supports the elementwise ops and ` +
          `comparisons, matmul, addmm, reductions, argmax, argmin, cumsum, topk, norm, std, softmax, permute, slice, concat, gather, indexSelect and the losses; an op of your own passes its kernel to record as 'replay'). ` +
          'Call it outside the compiled function, or run this function eagerly',
      );
    }
    if (this.values.has(output.data)) {
      throw new CompileError(
        `compile: '${op}' returned storage the trace has already seen; it cannot be replayed`,
      );
    }
    // gather and indexSelect also read their index: one more input, read afresh at each replay.
    const reads = isIndexReplay(replay) ? [...inputs, replay.index] : inputs;
    this.steps.push({
      kind: 'op',
      op,
      inputs: reads.map((input) => this.valueOf(input)),
      inputShapes: reads.map((input) => input.shape),
      output: this.add('computed', output.data, output.shape),
      replay,
    });
  }

  /**
   * Records `run` as a step of the plan and runs it now, unobserved: what it does (writes in place, reads
   * values, draws random numbers, ops on the tape) is done again by each replay, never baked in.
   */
  effect(name: string, run: () => void): void {
    this.steps.push({ kind: 'effect', name, run });
    unobserve();
    try {
      run();
    } finally {
      this.#observe();
    }
  }

  /** Installs this tracer as the observer of ops, random draws and value reads. */
  #observe(): void {
    setOpObserver(this);
    setRandomDrawObserver(this);
    setValueReadHook((_tensor, method) => {
      throw new CompileError(
        `compile: ${method}() reads a value while tracing; a replay would keep the value (and any branch taken ` +
          `on it) of this first call. Return the tensor from the compiled function and call ${method}() on the result`,
      );
    });
  }

  /** Runs `fn` with this tracer installed; item(), toArray() and random draws are refused while it runs. */
  watch<Result>(fn: () => Result): Result {
    this.#observe();
    try {
      return fn();
    } finally {
      unobserve();
    }
  }

  /** Keeps the plan to calls where `holds()` is still true (see `traceGuard`). */
  guard(holds: () => boolean): void {
    if (!this.guards.includes(holds)) this.guards.push(holds);
  }

  /** A random draw a replay could not repeat (randn, rand, uniform, Rng.random... inside the function). */
  draw(op: string): void {
    throw new CompileError(
      `compile: '${op}' draws random numbers while tracing; a replay would reuse this first call's values. ` +
        'Draw outside the compiled function and pass the tensor in, or use an op that compiles ' +
        '(Dropout, rng.dropoutMask)',
    );
  }

  /** A random tensor with no inputs (a dropout mask): each replay refills its buffer with fresh draws. */
  source(op: string, output: Tensor, refill: (out: Float64Array) => void): void {
    this.op(op, [], output, (_inputs: readonly Float64Array[], out: Float64Array) => refill(out));
  }

  backwardPass(createGraph: boolean, functional: boolean): void {
    if (createGraph) {
      throw new CompileError(
        'compile: backward({ createGraph: true }) cannot be captured: a higher-order gradient records new ops ' +
          'at every step. Compute it outside the compiled function',
      );
    }
    if (functional) {
      throw new CompileError(
        'compile: grad, vjp and gradients cannot be captured yet: call loss.backward() inside the compiled ' +
          'function and read each parameter .grad',
      );
    }
  }

  /**
   * What the walk would do, done here so that `.grad` never holds a plan buffer: the first gradient is
   * copied into a new `.grad`, later ones are added into it (the values eager backward gives).
   */
  storeGrad(tensor: Tensor, gradient: Tensor): void {
    const source = this.valueOf(gradient);
    this.steps.push({
      kind: 'storeGrad',
      target: tensor,
      inputIndex: this.inputs.indexOf(tensor),
      source,
      shape: gradient.shape,
    });
    storeGradient(tensor, gradient.data, gradient.shape);
  }
}

/**
 * A gradient stored as eager backward stores it: a copy in a new `.grad` when there is none, otherwise added
 * into the `.grad` there is (PyTorch accumulates). The trace, a replay's store and a fused product's
 * fallback all store through here.
 */
export function storeGradient(tensor: Tensor, values: Float64Array, shape: Shape): void {
  if (tensor.grad === null) tensor.grad = new Tensor(values.slice(), shape);
  else kernels.addInto(tensor.grad.data, values);
}
