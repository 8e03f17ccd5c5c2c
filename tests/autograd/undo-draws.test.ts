/**
 * undoDrawsOnError: an attempt that throws leaves every generator it drew from where it stood before (the
 * global one and an Rng of its own), one that returns keeps its draws, and a nested failure is undone by an
 * enclosing one too.
 */
import { ArgumentError, defaultRng, manualSeed, Rng, randn, undoDrawsOnError } from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';

const failing = (draw: () => void) => () => {
  expect(() =>
    undoDrawsOnError(() => {
      draw();
      throw new Error('stop');
    }),
  ).toThrow('stop');
};

describe('undoDrawsOnError', () => {
  test('a failed attempt draws nothing: the next numbers are those of an untouched generator', () => {
    manualSeed(3);
    const own = new Rng(9);
    failing(() => {
      randn(4);
      own.dropoutMask([5], 0.5);
      own.permutation(6);
    })();
    const after = [...randn(3).data, own.random()];
    manualSeed(3);
    expect(after).toEqual([...randn(3).data, new Rng(9).random()]);
  });

  test('an attempt that returns keeps its draws and its result', () => {
    const rng = new Rng(4);
    const first = undoDrawsOnError(() => rng.random());
    const reference = new Rng(4);
    expect(first).toBe(reference.random());
    expect(rng.random()).toBe(reference.random());
  });

  test('draws of a nested attempt that returned are undone when the enclosing one fails', () => {
    manualSeed(8);
    failing(() => {
      undoDrawsOnError(() => defaultRng().random());
    })();
    const after = defaultRng().random();
    manualSeed(8);
    expect(after).toBe(defaultRng().random());
  });

  test('attempt must be a function', () => {
    expect(() => undoDrawsOnError(42 as unknown as () => void)).toThrow(ArgumentError);
    expect(() => undoDrawsOnError(42 as unknown as () => void)).toThrow(/undoDrawsOnError/);
  });
});
