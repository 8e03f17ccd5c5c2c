/**
 * The error of `compile`: something the function did cannot be captured in a plan and replayed, so the
 * compiler refuses rather than replay something else. The message names the op and the way out.
 */
export class CompileError extends Error {
  override readonly name = 'CompileError';
}
