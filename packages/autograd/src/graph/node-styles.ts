/**
 * How toDot draws each kind of tensor, in one place: the nodes and the legend that explains them use the
 * same styles, so the two cannot disagree.
 */

/** Parameters (leaves that require a gradient) filled and boxed, so they stand out. */
export const PARAMETER_STYLE = 'shape=box, style="rounded,filled", fillcolor="#ffd966", penwidth=2';
/** Inputs and constants: leaves that need no gradient. */
export const CONSTANT_STYLE = 'shape=box, style="rounded,filled", fillcolor="#eeeeee"';
/** The result of a recorded op. */
export const OP_STYLE = 'shape=ellipse';
/** The tensor the graph is drawn from (a loss, as a rule), when it is an op result: a filled double ellipse. */
export const OUTPUT_STYLE = 'shape=ellipse, style=filled, fillcolor="#c9daf8", peripheries=2';
