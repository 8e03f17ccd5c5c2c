/**
 * `compile(fn)`: trace once, replay with no allocation. The first call with a given guard (the inputs'
 * shapes, which of them require a gradient, the grad mode) runs `fn` eagerly while the tracer records its ops,
 * including a `loss.backward()` inside it; later calls with the same guard replay that plan (a new guard
 * traces a new plan, as torch.compile guards do). See the README section "Compiled steps".
 */
import { booleanOption, checkOptions, checkTensor, refuse } from '../checks/arguments.ts';
import { activeObserver } from '../tape/tape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { CompileError } from './compile-error.ts';
import { type CompiledResult, Plan } from './executor.ts';
import { Tracer } from './tracer.ts';

export interface CompileOptions {
  /**
   * Return copies of the results, which the next call leaves alone. Default false: the results are the
   * plan's own tensors, written over by the next call (CUDA graphs' static outputs), and allocate nothing.
   */
  readonly copyOutputs?: boolean;
  /**
   * Fuse chains of elementwise ops into one loop each, and a large product whose only use is a `.grad` into
   * that `.grad` (added as its tiles are copied out). Default true; false keeps one kernel per op.
   */
  readonly fuse?: boolean;
  /**
   * Run an unfused tanh, exp, log, sigmoid or tanh backward with the vectorised kernels (kernels/vector),
   * within 2 ulps of eager's. Default true; false replays eager's exact bits (fused loops always do).
   */
  readonly vectorMath?: boolean;
}

const COMPILE_OPTIONS = {
  copyOutputs: booleanOption,
  fuse: booleanOption,
  vectorMath: booleanOption,
} as const;

/** A compiled function: `fn` of the same tensors, and the plans traced so far (one per guard). */
export interface CompiledFunction<Args extends readonly Tensor[], Result extends CompiledResult> {
  (...inputs: Args): Result;
  readonly plans: readonly Plan[];
  /** The plan these inputs replay (traced now if there is none yet, running fn once), in words. */
  explain(...inputs: Args): string;
}

/**
 * Compiles `fn`, a function of tensors returning a tensor, an array of tensors or nothing. Its ops run as
 * a plan of kernels over preallocated buffers; a `loss.backward()` inside it is traced too, and each replay
 * adds the gradients into the parameters' existing `.grad` (zero them between steps, as in eager code).
 * Results are not on the tape (call backward inside fn). What cannot be replayed is refused with a
 * CompileError naming the op: item()/toArray() while tracing, ops without a replay kernel, createGraph.
 * Not detected: reading `.data` directly, or values that change between calls but are not inputs
 * (they are baked in, as with torch.jit.trace).
 * @example
 * const step = compile((x: Tensor, y: Tensor) => { const loss = bceWithLogits(model.forward(x), y); loss.backward(); return loss; });
 * step(X, Y).item(); // traced; later calls replay
 */
export function compile<Args extends readonly Tensor[], Result extends CompiledResult>(
  fn: (...inputs: Args) => Result,
  options: CompileOptions = {},
): CompiledFunction<Args, Result> {
  if (typeof fn !== 'function') refuse('compile', 'fn', 'a function of tensors', fn);
  const checked = checkOptions('compile', options, COMPILE_OPTIONS) ?? {};
  const copyOutputs = checked.copyOutputs ?? false;
  const fuse = checked.fuse ?? true;
  const vectorMath = checked.vectorMath ?? true;
  const plans: Plan[] = [];

  /** The plan traced for these inputs' guard, or undefined: a loop over the plans, allocating nothing. */
  const matchingPlan = (inputs: readonly Tensor[]): Plan | undefined => {
    for (let p = 0; p < plans.length; p++) if (plans[p]!.matches(inputs)) return plans[p];
    return undefined;
  };

  /** Runs fn once on the tape with the tracer watching, and keeps the plan it recorded. */
  const trace = (inputs: Args): Plan => {
    inputs.forEach((input, i) => {
      checkTensor('compile', `inputs[${i}]`, input);
    });
    if (activeObserver !== null) {
      throw new CompileError('compile: a compiled function was called while another is being traced');
    }
    const tracer = new Tracer(inputs);
    // biome-ignore lint/plugin/no-spread-arguments: a function's tensor arguments, a handful by construction
    const returned = tracer.watch(() => fn(...inputs));
    if (returned !== undefined && !(returned instanceof Tensor) && !Array.isArray(returned)) {
      refuse('compile', 'fn', 'a function returning a Tensor, an array of Tensors or nothing', returned);
    }
    const plan = new Plan(tracer, returned, fuse, vectorMath);
    plans.push(plan);
    return plan;
  };

  // A replay allocates nothing, the call included. The inputs are copied into this one array, reused by
  // every call, which the plan reads while it runs: a rest parameter would be a new array per call, and so
  // would `arguments` read in a loop wherever V8 inlines the call; named parameters and the count allocate
  // nothing. A function of more than four tensors gets the others in `more`, an array per call.
  const callInputs: Tensor[] = [];
  function compiled(a?: Tensor, b?: Tensor, c?: Tensor, d?: Tensor, ...more: readonly Tensor[]): Result {
    // biome-ignore lint/complexity/noArguments: the count alone (f(x) is not f(x, undefined)) allocates nothing
    const count = arguments.length;
    callInputs.length = count;
    if (count > 0) callInputs[0] = a!;
    if (count > 1) callInputs[1] = b!;
    if (count > 2) callInputs[2] = c!;
    if (count > 3) callInputs[3] = d!;
    for (let i = 0; i < more.length; i++) callInputs[4 + i] = more[i]!;
    const inputs = callInputs as readonly Tensor[] as Args;
    const replayed = matchingPlan(inputs);
    // A trace keeps its inputs (the tracer holds them), so it gets its own copy of the array.
    const result =
      replayed === undefined ? trace([...inputs] as unknown as Args).result : replayed.run(inputs);
    if (!copyOutputs || result === undefined) return result as Result;
    const copy = (t: Tensor) => new Tensor(t.data.slice(), t.shape);
    return (Array.isArray(result) ? result.map(copy) : copy(result as Tensor)) as Result;
  }
  // Typed as fn's arguments: the named parameters above are how they arrive, not what callers may pass.
  return Object.assign(compiled as unknown as (...inputs: Args) => Result, {
    plans: plans as readonly Plan[],
    explain: (...inputs: Args) => (matchingPlan(inputs) ?? trace(inputs)).explain(),
  });
}
