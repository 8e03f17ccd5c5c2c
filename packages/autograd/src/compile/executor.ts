/**
 * A plan: the guard it was traced under (input shapes, which inputs require a gradient, the grad mode, and
 * the conditions the traced code set with `traceGuard`, such as a Dropout's training mode) and
 * its replay, which copies the call's inputs into the plan's input buffers and runs the kernels in order.
 * The tensors it returns are its own and are written over by the next call, as CUDA graphs' static outputs.
 */
import type { Shape } from '../shape/shape.ts';
import { isGradEnabled } from '../tape/grad-mode.ts';
import { Tensor } from '../tensor/tensor.ts';
import { explainPlan } from './explain.ts';
import { buildPlan, type PlanParts, stageAll } from './plan.ts';
import type { Tracer } from './tracer.ts';

/** What the compiled function returned: a tensor, an array of tensors, or nothing. */
export type CompiledResult = Tensor | readonly Tensor[] | undefined;

export class Plan {
  readonly inputShapes: readonly Shape[];
  readonly inputsRequireGrad: readonly boolean[];
  readonly gradEnabled: boolean;
  /** What the traced code relied on beyond its inputs (a module's training mode): each must still hold. */
  readonly guards: readonly (() => boolean)[];
  /** The plan's result, the same object (and tensors) at every call. */
  readonly result: CompiledResult;
  readonly parts: PlanParts;
  #inputs: readonly Tensor[];

  constructor(tracer: Tracer, returned: CompiledResult, fuse: boolean, vectorMath: boolean) {
    const inputs = tracer.inputs;
    this.#inputs = inputs;
    this.inputShapes = inputs.map((input) => input.shape);
    this.inputsRequireGrad = inputs.map((input) => input.requiresGrad);
    this.gradEnabled = isGradEnabled();
    this.guards = [...tracer.guards];
    const results = returned === undefined ? [] : Array.isArray(returned) ? returned : [returned as Tensor];
    this.parts = buildPlan(tracer, results, fuse, vectorMath, (index) => this.#inputs[index]!);
    this.result = Array.isArray(returned)
      ? this.parts.outputs
      : returned === undefined
        ? undefined
        : this.parts.outputs[0];
  }

  /**
   * True when a call with these inputs may replay this plan: same shapes, same requiresGrad, same grad mode,
   * and every guard the traced code set still holds.
   */
  matches(inputs: readonly Tensor[]): boolean {
    if (inputs.length !== this.inputShapes.length || isGradEnabled() !== this.gradEnabled) return false;
    for (let g = 0; g < this.guards.length; g++) if (!this.guards[g]!()) return false;
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]!;
      // Anything else than a tensor matches no plan: the trace it then asks for names the argument.
      if (!(input instanceof Tensor)) return false;
      const shape = this.inputShapes[i]!;
      if (input.requiresGrad !== this.inputsRequireGrad[i] || input.shape.length !== shape.length)
        return false;
      for (let axis = 0; axis < shape.length; axis++) if (input.shape[axis] !== shape[axis]) return false;
    }
    return true;
  }

  /** Replays the plan on new inputs of the traced shapes; allocates nothing. */
  run(inputs: readonly Tensor[]): CompiledResult {
    this.#inputs = inputs;
    const { inputArrays, inputValues, stagings, kernels } = this.parts;
    for (let i = 0; i < inputArrays.length; i++)
      inputArrays[i]!.set(inputs[inputValues[i]!.inputIndex]!.data);
    stageAll(stagings);
    for (let k = 0; k < kernels.length; k++) kernels[k]!.run();
    return this.result;
  }

  /** The plan in words: its kernels in order, its buffers and their reuse, and the memory saved. */
  explain(): string {
    return explainPlan(this.inputShapes, this.parts);
  }
}
