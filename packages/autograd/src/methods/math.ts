/**
 * The Tensor methods of the math ops (sin, cos, var, std, norm, cumsum, topk, split, chunk, allclose,
 * equal): `x.std(1)` is `std(x, 1)`. Joined to Tensor the way methods/methods.ts joins the others: the
 * signatures through `declare module`, the functions on the prototype, not enumerable.
 */
import { cumsum } from '../ops/cumsum.ts';
import type { Dims } from '../ops/dims.ts';
import { type AllcloseOptions, allclose, equal } from '../ops/equality.ts';
import { type NormOrder, norm } from '../ops/norm.ts';
import { chunk, split } from '../ops/split.ts';
import { std, type VarOptions, variance } from '../ops/statistics.ts';
import { type TopkOptions, type TopkResult, topk } from '../ops/topk.ts';
import { cos, sin } from '../ops/trig.ts';
import type { Axis } from '../shape/axes.ts';
import { Tensor } from '../tensor/tensor.ts';

/** The methods this module adds to every Tensor; each is the function of the same name, the tensor first. */
interface MathMethods {
  /** The sine, elementwise: `sin(this)`. */
  sin(): Tensor;
  /** The cosine, elementwise: `cos(this)`. */
  cos(): Tensor;
  /** The variance over `dim` (all by default), correction 1 unless told: `var(this, dim, options)`. */
  var(dim?: Dims | VarOptions, options?: VarOptions): Tensor;
  /** The standard deviation over `dim` (all by default): `std(this, dim, options)`. */
  std(dim?: Dims | VarOptions, options?: VarOptions): Tensor;
  /** The p-norm (2 by default) over `dim` (all by default): `norm(this, p, dim, keepdim)`. */
  norm(p?: NormOrder, dim?: Dims, keepdim?: boolean): Tensor;
  /** Running sums along `dim`: `cumsum(this, dim)`. */
  cumsum(dim: Axis): Tensor;
  /** The k largest values along a dim and their indices: `topk(this, k, dimOrOptions)`. */
  topk(k: number, dimOrOptions?: Axis | TopkOptions): TopkResult;
  /** Pieces of a size, or of the sizes given, along `dim`: `split(this, splitSizeOrSections, dim)`. */
  split(splitSizeOrSections: number | readonly number[], dim?: Axis): Tensor[];
  /** `chunks` pieces (or fewer) of equal size along `dim`: `chunk(this, chunks, dim)`. */
  chunk(chunks: number, dim?: Axis): Tensor[];
  /** Whether every element is close to other's, broadcast: `allclose(this, other, options)`. */
  allclose(other: Tensor, options?: AllcloseOptions): boolean;
  /** Whether other has this shape and these values: `equal(this, other)`. */
  equal(other: Tensor): boolean;
}

declare module '../tensor/tensor.ts' {
  interface Tensor extends MathMethods {}
}

const methods: MathMethods & ThisType<Tensor> = {
  sin() {
    return sin(this);
  },
  cos() {
    return cos(this);
  },
  var(dim, options) {
    return variance(this, dim, options);
  },
  std(dim, options) {
    return std(this, dim, options);
  },
  norm(p = 2, dim, keepdim = false) {
    return norm(this, p, dim, keepdim);
  },
  cumsum(dim) {
    return cumsum(this, dim);
  },
  topk(k, dimOrOptions) {
    return topk(this, k, dimOrOptions);
  },
  split(splitSizeOrSections, dim = 0) {
    return split(this, splitSizeOrSections, dim);
  },
  chunk(chunks, dim = 0) {
    return chunk(this, chunks, dim);
  },
  allclose(other, options) {
    return allclose(this, other, options);
  },
  equal(other) {
    return equal(this, other);
  },
};

const descriptors = Object.getOwnPropertyDescriptors(methods);
for (const descriptor of Object.values(descriptors)) descriptor.enumerable = false;
Object.defineProperties(Tensor.prototype, descriptors);
