/** The loops over a 0/1 mask: where its ones are, and where it first holds something else. */

/** The flat positions of the ones of `mask`, in row-major order (PyTorch's nonzero of a flat mask). */
export function maskPositions(mask: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) count++;
  const positions = new Float64Array(count);
  let next = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) positions[next++] = i;
  return positions;
}

/** The first position of `mask` that holds neither 0 nor 1 (NaN included), or -1 if there is none. */
export function firstNonBinary(mask: Float64Array): number {
  for (let i = 0; i < mask.length; i++) {
    const value = mask[i];
    if (value !== 0 && value !== 1) return i;
  }
  return -1;
}
