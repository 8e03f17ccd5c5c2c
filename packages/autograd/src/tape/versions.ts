/**
 * The check that a backward rule reads the values its op saw (PyTorch's saved-variable versions). When an op
 * is recorded, the versions (tensor/storage-version.ts) of the tensors its backward rule will read, as
 * declared below, are kept on its tape entry; the reverse walk compares them before it runs the rule, and
 * throws PyTorch's error where one changed instead of computing a gradient from the wrong values.
 *
 * Until the first in-place modification of the process every version is 0, so `record` keeps no versions
 * (the hot path pays one boolean test) and an entry without them expects 0 everywhere.
 */
import { GradientError } from '../errors.ts';
import { formatShape } from '../shape/shape.ts';
import { isTrackingVersions, storageVersion } from '../tensor/storage-version.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { TapeEntry } from './tape.ts';

/** Marks the op's output among the values a rule reads. */
export const OUTPUT = -1;

/**
 * What a backward rule reads besides the gradient: for input i, the values (input indices, or OUTPUT) from
 * which input i's gradient is computed. An input past the end of the list reads nothing. `'everything'`
 * (every input and the output) is the default for an op not declared here, and for custom ops.
 */
export type SavedValues = readonly (readonly number[])[] | 'everything';

const NOTHING: SavedValues = [];
/** A product's two factors: each one's gradient is the gradient times the other. */
const CROSS: SavedValues = [[1], [0]];
const OWN_OUTPUT: SavedValues = [[OUTPUT]];
const OWN_INPUT: SavedValues = [[0]];
/** Comparisons of both operands pick where each gradient goes (maximum, minimum, clamp's bounds). */
const BOTH: SavedValues = [
  [0, 1],
  [0, 1],
];

/**
 * The values each built-in op's backward rule reads, checked against its rule (ops/*.ts). PyTorch saves
 * the same: `y = x + 1; x.add_(1); y.backward()` is fine, `y = x * w; x.add_(1)` fails at backward when w
 * requires a gradient. Review an op's entry whenever its rule changes; an op missing here is treated as
 * reading everything, which can only give an error too many, never a wrong gradient.
 */
const SAVED_BY_OP: ReadonlyMap<string, SavedValues> = new Map<string, SavedValues>([
  // Rules that use shapes only: sums, sign flips, reshapes, index bookkeeping (the indices are their own
  // copy inside the rule).
  ['add', NOTHING],
  ['sub', NOTHING],
  ['neg', NOTHING],
  ['sum', NOTHING],
  ['reshape', NOTHING],
  ['permute', NOTHING],
  ['clone', NOTHING],
  ['broadcastTo', NOTHING],
  ['sumToShape', NOTHING],
  ['slice', NOTHING],
  // A running sum's adjoint is the running sum of g from the other end.
  ['cumsum', NOTHING],
  ['cumsumFromRight', NOTHING],
  ['sliceBackward', NOTHING],
  ['concat', NOTHING],
  ['indexSelect', NOTHING],
  ['indexAdd', NOTHING],
  // d(ab)/da = b, d(ab)/db = a.
  ['mul', CROSS],
  ['matmul', CROSS],
  ['matmulTransposeA', CROSS],
  ['matmulTransposeB', CROSS],
  // addmm(input, a, b) = input + ab: input's gradient is g, a's reads b, b's reads a.
  ['addmm', [[], [2], [1]]],
  // d(a/b)/da = 1/b, d(a/b)/db = -(a/b)/b: the output and b.
  ['div', [[1], [OUTPUT, 1]]],
  // Rules written with the output: e^x, sqrt(x), tanh(x), sigmoid(x).
  ['exp', OWN_OUTPUT],
  ['sqrt', OWN_OUTPUT],
  ['tanh', OWN_OUTPUT],
  ['sigmoid', OWN_OUTPUT],
  // Rules written with the input.
  ['log', OWN_INPUT],
  ['abs', OWN_INPUT],
  ['square', OWN_INPUT],
  ['relu', OWN_INPUT],
  ['leakyRelu', OWN_INPUT],
  ['softplus', OWN_INPUT],
  ['sin', OWN_INPUT],
  ['cos', OWN_INPUT],
  // base^e: d/dbase = e base^(e-1), d/de = base^e log(base), masked where base = 0 and by e's sign.
  [
    'pow',
    [
      [0, 1],
      [OUTPUT, 0, 1],
    ],
  ],
  ['maximum', BOTH],
  ['minimum', BOTH],
  ['clamp', BOTH],
  // where(c, x, y): c picks which of x and y each gradient goes to.
  ['where', [[], [0], [0]]],
  // The extremes are found again by comparing the input with the output.
  ['max', [[0, OUTPUT]]],
  ['min', [[0, OUTPUT]]],
  // Backward rules that are ops of their own (recorded with createGraph).
  ['tanhBackward', [[1], [0, 1]]],
  ['reluBackward', [[1]]],
  // The in-place ops' own rules (ops/in-place.ts): fill_ and copy_ read no values.
  ['fill_', NOTHING],
  ['copy_', NOTHING],
]);

/**
 * What an entry's rule reads: what its op was recorded with (a custom op: everything), else the declaration
 * above, else everything.
 */
export function savedValuesOf(entry: TapeEntry): SavedValues {
  return entry.saved ?? SAVED_BY_OP.get(entry.op) ?? 'everything';
}

/** The values a rule that reads `saved` needs, as [index, version] pairs (index OUTPUT for the output). */
export function snapshotVersions(
  saved: SavedValues,
  inputs: readonly Tensor[],
  outputData: Float64Array,
): number[] {
  const pairs: number[] = [];
  if (saved === 'everything') {
    inputs.forEach((input, i) => {
      pairs.push(i, storageVersion(input.data));
    });
    pairs.push(OUTPUT, storageVersion(outputData));
    return pairs;
  }
  // Runs on every recorded op once versions are tracked: plain loops, no Set (pairs holds a few entries).
  for (let i = 0; i < saved.length; i++) {
    if (!inputs[i]?.requiresGrad) continue;
    for (const index of saved[i]!) {
      if ((index !== OUTPUT && inputs[index] === undefined) || isTaken(pairs, index)) continue;
      pairs.push(index, storageVersion(index === OUTPUT ? outputData : inputs[index]!.data));
    }
  }
  return pairs;
}

/** Whether [index, version] pairs already hold `index`. */
function isTaken(pairs: readonly number[], index: number): boolean {
  for (let k = 0; k < pairs.length; k += 2) if (pairs[k] === index) return true;
  return false;
}

/**
 * Throws PyTorch's error if a value that `entry`'s rule reads has been modified in place since the op ran
 * (`output` the tensor it produced). An entry recorded before the first in-place op of the process kept no
 * versions: every version was 0 then, so those are the ones expected.
 */
export function checkEntryVersions(entry: TapeEntry, output: Tensor): void {
  if (entry.savedVersions) {
    checkSavedVersions(entry.op, entry.savedVersions, entry.inputs, output);
  } else if (isTrackingVersions()) {
    const pairs = snapshotVersions(savedValuesOf(entry), entry.inputs, output.data);
    for (let k = 1; k < pairs.length; k += 2) pairs[k] = 0;
    checkSavedVersions(entry.op, pairs, entry.inputs, output);
  }
}

/**
 * Throws PyTorch's error if a value that `op`'s rule reads has been modified in place since the op ran
 * (`pairs` from `snapshotVersions`; `output` the tensor the op produced).
 */
function checkSavedVersions(
  op: string,
  pairs: readonly number[],
  inputs: readonly Tensor[],
  output: Tensor,
): void {
  for (let k = 0; k < pairs.length; k += 2) {
    const index = pairs[k]!;
    const expected = pairs[k + 1]!;
    const tensor = index === OUTPUT ? output : inputs[index]!;
    const version = storageVersion(tensor.data);
    if (version === expected) continue;
    const which = index === OUTPUT ? `the output of '${op}'` : `input ${index} of '${op}'`;
    throw new GradientError(
      `one of the tensors needed for the gradient of '${op}' has been modified by an in-place operation: ` +
        `${which} (shape ${formatShape(tensor.shape)}) is at version ${version}; expected version ${expected}. ` +
        'Hint: clone() it before the in-place op, or compute out of place',
    );
  }
}
