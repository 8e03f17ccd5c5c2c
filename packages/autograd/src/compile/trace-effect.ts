/**
 * Effects: code a compiled function runs outside the tape, which every replay must run again at the same
 * place: an optimizer's in-place update, gradients zeroed before a backward pass. compile refuses in-place
 * writes inside the function it traces (a replay of its kernels would not redo them); wrapped in
 * traceEffect, the code becomes a step of the plan, so that a whole training step (zero, forward, backward,
 * update) is one plan, as torch.compile captures an optimizer's step.
 */
import { refuse } from '../checks/arguments.ts';
import { activeObserver } from '../tape/tape.ts';
import { Tracer } from './tracer.ts';

/**
 * Runs `run` now; while compile traces, also records it as a step of the plan, run again in its place at
 * every replay (unobserved: it may write in place, read values and draw random numbers, each time afresh).
 * Outside a trace it only runs `run`. Pass a function made once, so that a replay allocates nothing.
 * @example
 * const update = () => optimizer.step();
 * const step = compile((x, y) => { const loss = lossFn(x, y); loss.backward(); traceEffect('SGD.step', update); return loss; });
 */
export function traceEffect(name: string, run: () => void): void {
  if (typeof name !== 'string') refuse('traceEffect', 'name', 'a string naming the effect', name);
  if (typeof run !== 'function') refuse('traceEffect', 'run', 'a function', run);
  if (activeObserver instanceof Tracer) activeObserver.effect(name, run);
  else run();
}
