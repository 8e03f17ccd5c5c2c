import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { checkInteger, checkNumber, checkOptions, refuse } from '../checks/arguments.ts';
import { ArgumentError, describeValue } from '../errors.ts';
import { checkShape, type Shape, sizeOf } from '../shape/shape.ts';
import {
  CREATE_OPTIONS,
  type CreateOptions,
  optionsAfterShape,
  type SizesThen,
  splitShapeArgs,
} from './create.ts';
import { Tensor } from './tensor.ts';

/**
 * The 128-bit starting state of xoroshiro128+ for `seed`: two outputs of SplitMix64, as the generator's
 * authors recommend. pure-rand's own `xoroshiro128plus(seed)` puts a small seed into the state almost
 * unmixed (and keeps only its low 32 bits), so the first number of every small seed came out near 1.
 * Returned in pure-rand's order: high and low 32 bits of s0, then of s1.
 */
function seededState(seed: number): number[] {
  let counter = BigInt.asUintN(64, BigInt(seed));
  const splitMix64 = (): bigint => {
    counter = BigInt.asUintN(64, counter + 0x9e3779b97f4a7c15n);
    let z = counter;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  const words = (value: bigint) => [
    Number(BigInt.asIntN(32, value >> 32n)),
    Number(BigInt.asIntN(32, value)),
  ];
  return [...words(splitMix64()), ...words(splitMix64())];
}

/**
 * A seeded random number generator (xoroshiro128+ from pure-rand, seeded through SplitMix64): the same seed
 * gives the same numbers on every machine, so a seed reproduces a run exactly. Each call advances the
 * generator.
 * @example const rng = new Rng(42); const w = rng.randn([2, 3]);
 */
export class Rng {
  /** Replaced only by `undoDrawsOnError`, which puts back a copy taken before a failed attempt. */
  #generator: JumpableRandomGenerator;

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed))
      throw new ArgumentError(`Rng: the seed ${describeValue(seed)} must be an integer`);
    this.#generator = xoroshiro128plusFromState(seededState(seed));
  }

  /** A float64 uniform in [0, 1), with 53 random bits. */
  random(): number {
    if (randomObserver !== null) randomObserver.draw('Rng.random');
    return this.#next();
  }

  /** The generator's next uniform in [0, 1): every draw comes from here. */
  #next(): number {
    if (drawnFrom !== null && !drawnFrom.has(this)) {
      const before = this.#generator.clone();
      drawnFrom.set(this, () => {
        this.#generator = before;
      });
    }
    return uniformFloat64(this.#generator);
  }

  /** A standard normal sample (see `#nextNormal`). */
  normal(): number {
    if (randomObserver !== null) randomObserver.draw('Rng.normal');
    return this.#nextNormal();
  }

  /**
   * A standard normal sample by the Box-Muller transform. 1 - u keeps the log argument in (0, 1].
   * Math.log and Math.cos are V8's fdlibm ports, the same on every machine.
   */
  #nextNormal(): number {
    const u = 1 - this.#next();
    const v = this.#next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  integer(n: number): number {
    if (randomObserver !== null) randomObserver.draw('Rng.integer');
    return this.#nextInteger(n);
  }

  #nextInteger(n: number): number {
    if (!Number.isInteger(n) || n <= 0)
      throw new ArgumentError(`Rng.integer: n = ${n} must be a positive integer`);
    return Math.floor(this.#next() * n);
  }

  /** A tensor uniform in [0, 1); the shape as an array or as sizes: `rng.rand([2, 3])`, `rng.rand(2, 3)`. */
  rand(...args: SizesThen<[options?: CreateOptions]>): Tensor {
    const { shape, rest } = splitShapeArgs('rand', args);
    return this.#fill('rand', shape, () => this.#next(), optionsAfterShape('rand', rest));
  }

  /** A tensor from the standard normal distribution; the shape as an array or as sizes: `rng.randn(2, 3)`. */
  randn(...args: SizesThen<[options?: CreateOptions]>): Tensor {
    const { shape, rest } = splitShapeArgs('randn', args);
    return this.#fill('randn', shape, () => this.#nextNormal(), optionsAfterShape('randn', rest));
  }

  /** A tensor of `shape` uniform in [low, high). */
  uniform(shape: Shape, low: number, high: number, options: CreateOptions = {}): Tensor {
    checkNumber('uniform', 'low', low, false);
    checkNumber('uniform', 'high', high, false);
    if (!(low <= high) || !Number.isFinite(low) || !Number.isFinite(high)) {
      throw new ArgumentError(`uniform: bounds low = ${low}, high = ${high} must be finite with low <= high`);
    }
    return this.#fill('uniform', shape, () => low + (high - low) * this.#next(), options);
  }

  /**
   * Inverted dropout's mask: each element 0 with probability p, else 1 / (1 - p), one draw per element in
   * order (`random() < 1 - p` keeps it). Under `compile` the mask is a source op of the plan: every replay
   * draws a fresh mask from this generator into the plan's buffer, as an eager call would; a mask of the
   * global generator (`defaultRng()`) draws from the global generator of each replay, so a `manualSeed`
   * between replays reseeds them as it reseeds eager calls.
   * @example x.mul(rng.dropoutMask(x.shape, 0.5)) // dropout of x
   */
  dropoutMask(shape: Shape, p: number): Tensor {
    checkShape('dropoutMask', shape);
    checkNumber('dropoutMask', 'p', p);
    if (!(p >= 0 && p <= 1)) refuse('dropoutMask', 'p', 'a probability in [0, 1]', p);
    const keep = 1 - p;
    // With p = 1 nothing survives, and the scale 1 / 0 is never used.
    const scale = 1 / keep;
    const isGlobal = this === globalRng;
    const refill = (mask: Float64Array): void => {
      const rng = isGlobal ? globalRng : this;
      for (let i = 0; i < mask.length; i++) mask[i] = rng.#next() < keep ? scale : 0;
    };
    const mask = new Tensor(new Float64Array(sizeOf(shape)), [...shape]);
    refill(mask.data);
    if (randomObserver !== null) randomObserver.source('dropoutMask', mask, refill);
    return mask;
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): number[] {
    checkInteger('permutation', 'n', n, 0);
    if (randomObserver !== null) randomObserver.draw('Rng.permutation');
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.#nextInteger(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }

  #fill(op: string, shape: Shape, sample: () => number, options: CreateOptions): Tensor {
    if (randomObserver !== null) randomObserver.draw(op);
    checkShape(op, shape);
    checkOptions(op, options, CREATE_OPTIONS);
    const data = new Float64Array(sizeOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = sample();
    return new Tensor(data, [...shape], options);
  }
}

/**
 * @internal What compile's tracer (compile/tracer.ts) is told of random draws while it traces: a mask from
 * dropoutMask becomes a source op that replays fresh draws (`refill`); any other draw is refused, since a
 * replay would repeat the traced values. Null whenever no trace runs: one comparison per call.
 */
export interface RandomDrawObserver {
  draw(op: string): void;
  source(op: string, output: Tensor, refill: (out: Float64Array) => void): void;
}
let randomObserver: RandomDrawObserver | null = null;

/** @internal installs (or with null removes) the observer of random draws; compile/tracer.ts only. */
export function setRandomDrawObserver(observer: RandomDrawObserver | null): void {
  randomObserver = observer;
}

/**
 * While `undoDrawsOnError` runs an attempt: each generator drawn from so far, with the function that puts
 * it back where it stood before its first draw. Null otherwise: one comparison per draw.
 */
let drawnFrom: Map<Rng, () => void> | null = null;

/**
 * Runs `attempt`; if it throws, every generator it drew from (the global one, a Dropout's own Rng) is put
 * back where it stood before, as if it never drew, and the error goes on. nn's `fit` retries a step eagerly
 * after its compiled trace failed partway, so the masks of the retried step are those an eager run draws.
 * @example undoDrawsOnError(() => compiledStep(X, y)); // on a CompileError, Dropout's draws are undone
 */
export function undoDrawsOnError<Result>(attempt: () => Result): Result {
  if (typeof attempt !== 'function') refuse('undoDrawsOnError', 'attempt', 'a function to run', attempt);
  const enclosing = drawnFrom;
  const drawn = new Map<Rng, () => void>();
  drawnFrom = drawn;
  try {
    return attempt();
  } catch (error) {
    for (const putBack of drawn.values()) putBack();
    throw error;
  } finally {
    drawnFrom = enclosing;
    // An enclosing attempt that fails later undoes these draws too.
    if (enclosing !== null)
      for (const [rng, putBack] of drawn) if (!enclosing.has(rng)) enclosing.set(rng, putBack);
  }
}

/** What may follow the shape of rand and randn: an Rng, options, both, or nothing. */
type RandomTail = [rng?: Rng, options?: CreateOptions] | [options: CreateOptions];

/**
 * Uniform [0, 1) values, the shape as an array or as sizes (as torch.rand), drawn from `rng` if one
 * follows the shape, else from the global generator that `manualSeed` seeds.
 * @example rand(2, 3); rand([2, 3], new Rng(42)); rand(2, 3, rng, { requiresGrad: true });
 */
export function rand(...args: SizesThen<RandomTail>): Tensor {
  const { rng, shape, options } = randomArgs('rand', args);
  return rng.rand(shape, options);
}

/**
 * Standard normal values, the shape as an array or as sizes (as torch.randn), drawn from `rng` if one
 * follows the shape, else from the global generator that `manualSeed` seeds.
 * @example randn(2, 3); randn([2, 3], new Rng(42)); randn(2, 3, { requiresGrad: true });
 */
export function randn(...args: SizesThen<RandomTail>): Tensor {
  const { rng, shape, options } = randomArgs('randn', args);
  return rng.randn(shape, options);
}

/**
 * rand's and randn's arguments: the shape, then an Rng (or undefined: the global one) and options, or the
 * options alone. A plain object right after the shape is the options; anything else there must be an Rng.
 */
function randomArgs(
  fn: string,
  args: readonly unknown[],
): { rng: Rng; shape: Shape; options: CreateOptions } {
  const { shape, rest } = splitShapeArgs(fn, args, 'an optional rng (an Rng) and options');
  const [first, ...after] = rest;
  const optionsOnly =
    rest.length === 1 && typeof first === 'object' && first !== null && !(first instanceof Rng);
  if (optionsOnly) return { rng: globalRng, shape, options: optionsAfterShape(fn, rest) };
  const rng =
    first === undefined
      ? globalRng
      : first instanceof Rng
        ? first
        : refuse(fn, 'rng', 'an Rng (e.g. new Rng(42)) or an options object', first);
  return { rng, shape, options: optionsAfterShape(fn, after) };
}

/** The generator that rand, randn and nn's layers, Dropout and shuffling use when given no Rng. */
let globalRng = new Rng(0);

/**
 * Reseeds the global generator (torch.manual_seed): everything that draws from it without an explicit Rng
 * (rand(2, 3), randn(2, 3), and @tapegrad/nn's layers, Dropout and data shuffling) then repeats exactly.
 * @example manualSeed(42); const a = randn(3); manualSeed(42); randn(3); // the same values as a
 */
export function manualSeed(seed: number): void {
  if (!Number.isInteger(seed)) refuse('manualSeed', 'seed', 'an integer', seed);
  globalRng = new Rng(seed);
}

/** The global generator (see `manualSeed`); a fresh Rng(seed) after each manualSeed. */
export function defaultRng(): Rng {
  return globalRng;
}

/** Uniform [low, high) values from `rng`. Same as `rng.uniform(shape, low, high)`. */
export function uniform(
  shape: Shape,
  low: number,
  high: number,
  rng: Rng,
  options: CreateOptions = {},
): Tensor {
  return checkRng('uniform', rng).uniform(shape, low, high, options);
}

/** `rng`, checked to be an Rng. */
function checkRng(fn: string, rng: unknown): Rng {
  return rng instanceof Rng ? rng : refuse(fn, 'rng', 'an Rng, e.g. new Rng(42)', rng);
}
