import { checkFunction } from '../checks/arguments.ts';

/**
 * Whether ops are recorded on the tape. Off inside `noGrad`, and while a backward pass runs without
 * `createGraph`, so that computing gradients records nothing.
 */
let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

function withGradMode<T>(op: string, enabled: boolean, fn: () => T): T {
  checkFunction(op, 'fn', fn);
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` without recording: its results require no gradient (PyTorch's `torch.no_grad()`).
 * @example const prediction = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode('noGrad', false, fn);
}

/** Runs `fn` with recording on, even inside `noGrad` (PyTorch's `torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode('enableGrad', true, fn);
}
