/**
 * Guards on what traced code reads besides its input tensors. A module whose ops depend on a mode (Dropout:
 * a mask in training, nothing in evaluation) says so while it is traced, and the plan is then replayed only
 * while the mode is the same; a call in the other mode traces a plan of its own, as torch.compile guards on
 * a module's attributes. Without it a plan traced in training would go on drawing masks after `eval()`.
 */
import { refuse } from '../checks/arguments.ts';
import { activeObserver } from '../tape/tape.ts';
import { Tracer } from './tracer.ts';

/**
 * While `compile` traces, keeps the plan being traced to calls where `holds()` is still true (checked at
 * every call; when it is false, the call traces a new plan). Outside a trace it does nothing. Pass a function
 * made once (not a new closure per call), so that eager calls allocate nothing.
 * @example traceGuard(this.training ? this.#inTraining : this.#inEvaluation); // in a module's forward
 */
export function traceGuard(holds: () => boolean): void {
  if (typeof holds !== 'function') refuse('traceGuard', 'holds', 'a function returning true or false', holds);
  if (activeObserver instanceof Tracer) activeObserver.guard(holds);
}
