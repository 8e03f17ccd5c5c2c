/**
 * The benchmark's seeded data is bit-identical to the reference harness's (WORKLOADS.md §1): the test
 * vectors of §1, and the SHA-256 prefixes that shared/bench/node/datahash.mjs prints for every float64
 * input array (checked by hand against its output once, pinned here).
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  mix32,
  streamKey,
  u32,
  unit,
  W1_CASES,
  w1Operands,
  w2Data,
  w2InitialParameters,
  w3InitialParameters,
  w3Inputs,
  w3Labels,
} from '../../packages/bench/src/data.ts';

const SEED = 42;

/** SHA-256 of the little-endian bytes, first 16 hex digits: datahash.mjs's fingerprint. */
function fingerprint(values: Float64Array | Int32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

describe('the counter-based generator (WORKLOADS.md §1 test vectors, seed 42)', () => {
  test('mix32 stays in uint32 and is not the identity', () => {
    expect(mix32(0)).toBe(0);
    expect(mix32(0xffffffff)).toBeGreaterThanOrEqual(0);
    expect(mix32(0xffffffff)).toBeLessThan(2 ** 32);
    expect(mix32(1)).not.toBe(1);
  });

  test('key(1) = 2416744779', () => {
    expect(streamKey(1, SEED)).toBe(2416744779);
  });

  test('u32(1, 0..4)', () => {
    expect([0, 1, 2, 3, 4].map((i) => u32(1, i, SEED))).toEqual([
      1465780003, 367166150, 229130701, 3065543118, 3226196741,
    ]);
  });

  test('f(301, 0..3)', () => {
    expect([0, 1, 2, 3].map((i) => unit(301, i, SEED))).toEqual([
      0.22066813707351685, 0.48832184076309204, 0.1685885190963745, 0.6253039240837097,
    ]);
  });

  test('W3 labels y[0..9] = 7 6 9 8 3 5 9 0 6 5', () => {
    expect(Array.from(w3Labels(10, SEED))).toEqual([7, 6, 9, 8, 3, 5, 9, 0, 6, 5]);
  });

  test('the first rows of X and y are the first rows of the full arrays', () => {
    expect(w3Inputs(2, SEED)).toEqual(w3Inputs(3, SEED).subarray(0, 2 * 784));
  });
});

describe('SHA-256 prefixes equal datahash.mjs (float64 lines of WORKLOADS.md appendix)', () => {
  const W1_FINGERPRINTS: Readonly<Record<string, readonly [string, string]>> = {
    'n=64': ['5086baf1c89c34e2', '5809330965ab4207'],
    'n=128': ['235ad2a454395d13', '737be8d63c40985f'],
    'n=256': ['351de913d4f5ef6f', 'ef69019dbaaef015'],
    'n=512': ['72c122f2bcb4e5ac', '02ecc2f7e821911b'],
    'n=1024': ['9cfd0eead0dc2425', '9e7c2a10fa9e04d0'],
    '128x784x128': ['6df757d500dcaa8e', 'd1b5da0d4b19f6e2'],
  };

  test.each(W1_CASES.map((c) => [c.name, c] as const))('W1 %s A and B', (name, matmulCase) => {
    const { A, B } = w1Operands(matmulCase, SEED);
    expect([fingerprint(A), fingerprint(B)]).toEqual(W1_FINGERPRINTS[name]);
  });

  test('W2 X, y and the parameters W1, b1, W2, b2', () => {
    const { X, y } = w2Data(SEED);
    const { W1, b1, W2, b2 } = w2InitialParameters(SEED);
    expect([X, y, W1, b1, W2, b2].map(fingerprint)).toEqual([
      '477014c7a6d29617',
      'e7ffb11b8e1c2da6',
      'a462d05aa43aff9e',
      '39cee671df98ca19',
      '8d4d370acfc261de',
      '387992d9fd34e737',
    ]);
  });

  test('W3 X [60000, 784], y as int32 and the parameters W1, b1, W2, b2', () => {
    const { W1, b1, W2, b2 } = w3InitialParameters(SEED);
    expect([w3Inputs(60000, SEED), w3Labels(60000, SEED), W1, b1, W2, b2].map(fingerprint)).toEqual([
      '5afafd5fe6f45dff',
      'b4393510f92f1c3c',
      '06c98ce4bc67145b',
      'ea9b5bf5781b54b7',
      '5591bad5fc3e429c',
      'a683f021bf7ceecf',
    ]);
  });
});
