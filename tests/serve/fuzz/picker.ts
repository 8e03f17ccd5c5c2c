/**
 * The fuzz's randomness: autograd's seeded Rng with the picks the request generators make. Each case has
 * its own generator, seeded by the run's seed and the case's index, so one case replays alone.
 */
import { Rng } from '@tapegrad/autograd';

/** Letters a client might put in a key or a model name: ASCII, accents, Cyrillic, CJK, RTL, emoji. */
const UNICODE_LETTERS = [...'abcXYZ019_-. éüßжяπλ中文字한ש\u0301\u200d😀🤖'];

export class Picker {
  readonly #rng: Rng;

  constructor(seed: number) {
    this.#rng = new Rng(seed);
  }

  /** The picker of case `index` of the run seeded `seed`. */
  static forCase(seed: number, index: number): Picker {
    return new Picker(seed * 1_000_000 + index);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + this.#rng.integer(max - min + 1);
  }

  pick<T>(options: readonly T[]): T {
    return options[this.#rng.integer(options.length)]!;
  }

  chance(probability: number): boolean {
    return this.#rng.random() < probability;
  }

  /** A number in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.#rng.random();
  }

  /** A finite number as a client sends one: an integer, a decimal, large or small, either sign; |x| < `limit`. */
  number(limit = 1e300): number {
    const sign = this.chance(0.5) ? -1 : 1;
    switch (this.int(0, 3)) {
      case 0:
        return sign * this.int(0, 1000);
      case 1:
        return sign * this.between(0, 10);
      case 2:
        return sign * this.between(0, Math.min(10 ** this.int(-300, 300), limit));
      default:
        return sign * this.between(0, limit);
    }
  }

  /** A string of `length` characters (code points) from ASCII and beyond. */
  text(length: number, letters: readonly string[] = UNICODE_LETTERS): string {
    return Array.from({ length }, () => this.pick(letters)).join('');
  }

  /** `length` random bytes. */
  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => this.#rng.integer(256));
  }
}
