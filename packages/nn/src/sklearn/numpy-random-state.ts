/**
 * numpy's legacy `RandomState` (the generator behind scikit-learn's `random_state=<int>`), as far as
 * MLPClassifier draws from it: the Mersenne Twister MT19937 seeded as `RandomState(seed)` seeds it, its
 * 53-bit doubles (`random_sample`, `uniform`), and its integer draws and shuffles (`shuffle`,
 * `permutation`, `choice` without replacement). The same seed gives the same numbers as numpy, bit for bit,
 * so `new MLPClassifier({ randomState: 3 })` draws the initial weights and shuffles the rows exactly as
 * sklearn's `MLPClassifier(random_state=3)` does.
 */

const STATE_LENGTH = 624;
const SHIFT = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * @example
 * const random = new NumpyRandomState(0);
 * random.uniform(-1, 1); // numpy.random.RandomState(0).uniform(-1, 1) = 0.0976270078546495
 */
export class NumpyRandomState {
  readonly #key = new Uint32Array(STATE_LENGTH);
  #position = STATE_LENGTH;

  /** Seeds as numpy's `mt19937_seed`: key[0] = seed, key[i] = 1812433253 (key[i-1] ^ (key[i-1] >> 30)) + i. */
  constructor(seed: number) {
    let value = seed >>> 0;
    for (let i = 0; i < STATE_LENGTH; i++) {
      this.#key[i] = value;
      value = (Math.imul(1812433253, value ^ (value >>> 30)) + i + 1) >>> 0;
    }
  }

  /** The next 32-bit output, tempered. */
  nextUint32(): number {
    if (this.#position === STATE_LENGTH) this.#twist();
    let y = this.#key[this.#position++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from two outputs, 27 + 26 bits: numpy's `random_sample`. */
  randomSample(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** low + (high - low) u, as numpy's `uniform(low, high)`. */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.randomSample();
  }

  /**
   * An integer in [0, max] by rejection: draw 32 bits masked to the smallest 2^k - 1 >= max until one is
   * <= max (numpy's legacy `random_interval`, which `shuffle` uses).
   */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** Shuffles `items` in place as numpy's legacy `shuffle`: Fisher-Yates from the last position down. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** A shuffled copy of `items`, or of 0..n-1 for a number: numpy's `permutation`. */
  permutation(itemsOrCount: readonly number[] | number): number[] {
    const items =
      typeof itemsOrCount === 'number'
        ? Array.from({ length: itemsOrCount }, (_, i) => i)
        : [...itemsOrCount];
    return this.shuffle(items);
  }

  /** `size` of `items` without replacement, as numpy's legacy `choice(items, size, replace=False)`. */
  choice(items: readonly number[], size: number): number[] {
    return this.permutation(items.length)
      .slice(0, size)
      .map((index) => items[index]!);
  }

  /** Refills the key: each word mixes the upper bit of one word with the lower bits of the next. */
  #twist(): void {
    const key = this.#key;
    for (let i = 0; i < STATE_LENGTH; i++) {
      const y = (key[i]! & UPPER_MASK) | (key[(i + 1) % STATE_LENGTH]! & LOWER_MASK);
      key[i] = key[(i + SHIFT) % STATE_LENGTH]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.#position = 0;
  }
}
