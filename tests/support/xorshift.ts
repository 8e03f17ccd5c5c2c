/**
 * A seeded xorshift32 generator (Marsaglia, 2003): numbers in [0, 1), quick and the same on every run, for
 * test data. Not for statistics: 32 bits of state.
 * @example const next = xorshift32(7); next(); // 0.000... the same every time
 */
export function xorshift32(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
