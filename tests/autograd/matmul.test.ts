import { gradcheck, matmul, Rng, ShapeError, type Tensor, tensor, zeros } from '@tapegrad/autograd';
import { describe, expect, it } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

/**
 * A tensor of `shape` whose element at index (i0, i1, ...) is f(i0, i1, ...), filled row-major. Small
 * integer values keep every product and sum exact, so results compare with toEqual.
 */
function fromFn(shape: readonly number[], f: (...index: number[]) => number, requiresGrad = false): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < size; flat++) {
    data[flat] = f(...index);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis]!++;
      if (index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return tensor(data, { shape, requiresGrad });
}

// Operands of the batched cases, small integers in -2..2.
const aValue = (...i: number[]) => ((i.reduce((acc, v, d) => acc + v * (d + 2), 0) * 7) % 5) - 2;
const bValue = (...i: number[]) => ((i.reduce((acc, v, d) => acc + v * (d + 3), 0) * 3) % 5) - 2;
const gValue = (...i: number[]) => ((i.reduce((acc, v, d) => acc + v * (d + 1), 0) * 2) % 7) - 3;

describe('matmul forward (PyTorch rules)', () => {
  it('1-D by 1-D is the dot product, a 0-d tensor: [1,2,3]·[4,5,6] = 4 + 10 + 18 = 32', () => {
    const dot = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
    expect(dot.shape).toEqual([]);
    expect(dot.item()).toBe(32);
  });

  it('2-D by 2-D is the matrix product', () => {
    expect(
      matmul(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([
          [5, 6],
          [7, 8],
        ]),
      ).toArray(),
    ).toEqual([
      [19, 22], // 1*5 + 2*7, 1*6 + 2*8
      [43, 50], // 3*5 + 4*7, 3*6 + 4*8
    ]);
    const product = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]).matmul(
      tensor([
        [7, 8],
        [9, 10],
        [11, 12],
      ]),
    );
    expect(product.shape).toEqual([2, 2]);
    expect(product.toArray()).toEqual([
      [58, 64], // 7 + 18 + 33, 8 + 20 + 36
      [139, 154], // 28 + 45 + 66, 32 + 50 + 72
    ]);
  });

  it('1-D by 2-D treats the vector as a row and drops that axis: [2]·[2,3] -> [3]', () => {
    const product = matmul(
      tensor([1, 2]),
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    expect(product.shape).toEqual([3]);
    expect(product.toArray()).toEqual([9, 12, 15]); // 1 + 8, 2 + 10, 3 + 12
  });

  it('2-D by 1-D treats the vector as a column and drops that axis: [2,3]·[3] -> [2]', () => {
    const product = matmul(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      tensor([1, 0, -1]),
    );
    expect(product.shape).toEqual([2]);
    expect(product.toArray()).toEqual([-2, -2]); // 1 - 3, 4 - 6
  });

  it('1-D by 3-D and 3-D by 1-D broadcast the vector over the batch: [3]·[2,3,4] -> [2,4], [2,4,3]·[3] -> [2,4]', () => {
    const v = fromFn([3], aValue);
    const batch = fromFn([2, 3, 4], bValue);
    const left = matmul(v, batch);
    expect(left.shape).toEqual([2, 4]);
    const expectedLeft: number[] = [];
    for (let b = 0; b < 2; b++)
      for (let n = 0; n < 4; n++) {
        let total = 0;
        for (let k = 0; k < 3; k++) total += aValue(k) * bValue(b, k, n);
        expectedLeft.push(total);
      }
    expect(Array.from(left.data)).toEqual(expectedLeft);

    const batchT = fromFn([2, 4, 3], bValue);
    const right = matmul(batchT, v);
    expect(right.shape).toEqual([2, 4]);
    const expectedRight: number[] = [];
    for (let b = 0; b < 2; b++)
      for (let m = 0; m < 4; m++) {
        let total = 0;
        for (let k = 0; k < 3; k++) total += bValue(b, m, k) * aValue(k);
        expectedRight.push(total);
      }
    expect(Array.from(right.data)).toEqual(expectedRight);
  });

  it('batched [2,2,3]·[3,4] -> [2,2,4] matches a triple loop per batch', () => {
    const product = matmul(fromFn([2, 2, 3], aValue), fromFn([3, 4], bValue));
    expect(product.shape).toEqual([2, 2, 4]);
    const expected: number[] = [];
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 4; j++) {
          let total = 0;
          for (let p = 0; p < 3; p++) total += aValue(b, i, p) * bValue(p, j);
          expected.push(total);
        }
    expect(Array.from(product.data)).toEqual(expected);
  });

  it('batch axes broadcast: [2,1,2,3]·[3,3,4] -> [2,3,2,4] matches a loop over both batch axes', () => {
    const product = matmul(fromFn([2, 1, 2, 3], aValue), fromFn([3, 3, 4], bValue));
    expect(product.shape).toEqual([2, 3, 2, 4]);
    const expected: number[] = [];
    for (let b0 = 0; b0 < 2; b0++)
      for (let b1 = 0; b1 < 3; b1++)
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 4; j++) {
            let total = 0;
            for (let p = 0; p < 3; p++) total += aValue(b0, 0, i, p) * bValue(b1, p, j);
            expected.push(total);
          }
    expect(Array.from(product.data)).toEqual(expected);
  });

  it('does not modify its operands', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [5, 6],
      [7, 8],
    ]);
    matmul(a, b);
    expect(a.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(b.toArray()).toEqual([
      [5, 6],
      [7, 8],
    ]);
  });
});

describe('matmul backward: dA = g B^T, dB = A^T g', () => {
  it('2-D by 2-D with g = ones: dA rows are the row sums of B, dB columns repeat the column sums of A', () => {
    const a = leaf([
      [1, 2],
      [3, 4],
    ]);
    const b = leaf([
      [5, 6],
      [7, 8],
    ]);
    a.matmul(b).sum().backward();
    expect(a.grad!.toArray()).toEqual([
      [11, 15], // 5 + 6, 7 + 8
      [11, 15],
    ]);
    expect(b.grad!.toArray()).toEqual([
      [4, 4], // 1 + 3
      [6, 6], // 2 + 4
    ]);
  });

  it('2-D by 2-D with a general seed', () => {
    const a = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = leaf([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    a.matmul(b).backward(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    // g B^T: row [1,2] -> [1, 2, 3]; row [3,4] -> [3, 4, 7].
    expect(a.grad!.toArray()).toEqual([
      [1, 2, 3],
      [3, 4, 7],
    ]);
    // A^T g: [[1*1+4*3, 1*2+4*4], [2+15, 4+20], [3+18, 6+24]].
    expect(b.grad!.toArray()).toEqual([
      [13, 18],
      [17, 24],
      [21, 30],
    ]);
  });

  it('the dot product: d(a·b)/da = b and d(a·b)/db = a', () => {
    const a = leaf([1, 2, 3]);
    const b = leaf([4, 5, 6]);
    matmul(a, b).backward();
    expect(a.grad!.toArray()).toEqual([4, 5, 6]);
    expect(b.grad!.toArray()).toEqual([1, 2, 3]);
  });

  it('1-D by 2-D: dv = M g and dM = v g^T (an outer product)', () => {
    const v = leaf([1, 2]);
    const m = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    matmul(v, m).backward(tensor([1, -1, 2]));
    expect(v.grad!.toArray()).toEqual([5, 11]); // 1 - 2 + 6, 4 - 5 + 12
    expect(m.grad!.toArray()).toEqual([
      [1, -1, 2],
      [2, -2, 4],
    ]);
  });

  it('2-D by 1-D: dM = g v^T and dv = M^T g', () => {
    const m = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const v = leaf([1, 0, -1]);
    matmul(m, v).backward(tensor([2, 3]));
    expect(m.grad!.toArray()).toEqual([
      [2, 0, -2],
      [3, 0, -3],
    ]);
    expect(v.grad!.toArray()).toEqual([14, 19, 24]); // 2 + 12, 4 + 15, 6 + 18
  });

  it('broadcast batch [2,1,2,3]·[3,3,4]: gradients sum over the batch axes each operand was repeated on', () => {
    const a = fromFn([2, 1, 2, 3], aValue, true);
    const b = fromFn([3, 3, 4], bValue, true);
    matmul(a, b).backward(fromFn([2, 3, 2, 4], gValue));
    // dA[b0,0,i,p] = sum over b1, j of g[b0,b1,i,j] B[b1,p,j] (A was repeated along b1).
    const expectedA: number[] = [];
    for (let b0 = 0; b0 < 2; b0++)
      for (let i = 0; i < 2; i++)
        for (let p = 0; p < 3; p++) {
          let total = 0;
          for (let b1 = 0; b1 < 3; b1++)
            for (let j = 0; j < 4; j++) total += gValue(b0, b1, i, j) * bValue(b1, p, j);
          expectedA.push(total);
        }
    // dB[b1,p,j] = sum over b0, i of A[b0,0,i,p] g[b0,b1,i,j] (B was repeated along b0).
    const expectedB: number[] = [];
    for (let b1 = 0; b1 < 3; b1++)
      for (let p = 0; p < 3; p++)
        for (let j = 0; j < 4; j++) {
          let total = 0;
          for (let b0 = 0; b0 < 2; b0++)
            for (let i = 0; i < 2; i++) total += aValue(b0, 0, i, p) * gValue(b0, b1, i, j);
          expectedB.push(total);
        }
    expect(a.grad!.shape).toEqual([2, 1, 2, 3]);
    expect(b.grad!.shape).toEqual([3, 3, 4]);
    expect(Array.from(a.grad!.data)).toEqual(expectedA);
    expect(Array.from(b.grad!.data)).toEqual(expectedB);
  });

  it('batched [2,2,3]·[3,4]: the shared matrix gets the sum of A_b^T g_b over the batch', () => {
    const a = fromFn([2, 2, 3], aValue, true);
    const b = fromFn([3, 4], bValue, true);
    matmul(a, b).backward(fromFn([2, 2, 4], gValue));
    const expectedB: number[] = [];
    for (let p = 0; p < 3; p++)
      for (let j = 0; j < 4; j++) {
        let total = 0;
        for (let batch = 0; batch < 2; batch++)
          for (let i = 0; i < 2; i++) total += aValue(batch, i, p) * gValue(batch, i, j);
        expectedB.push(total);
      }
    expect(Array.from(b.grad!.data)).toEqual(expectedB);
  });

  it('agrees with finite differences for a broadcast batch and for vector operands', () => {
    const rng = new Rng(3);
    const a = rng.randn([2, 1, 2, 3], { requiresGrad: true });
    const b = rng.randn([3, 3, 2], { requiresGrad: true });
    expect(gradcheck(matmul, [a, b]).passed).toBe(true);
    const v = rng.randn([3], { requiresGrad: true });
    expect(gradcheck(matmul, [v, b]).passed).toBe(true);
    expect(gradcheck(matmul, [a, v]).passed).toBe(true);
  });
});

describe('matmul errors', () => {
  it('[2,3] by [4,5] throws the ShapeError from the issue', () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(ShapeError);
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(
      'matmul: cannot multiply [2,3] by [4,5]: inner dimensions 3 and 4 differ',
    );
    let message = '';
    try {
      matmul(zeros([2, 3]), zeros([4, 5]));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('matmul: cannot multiply [2,3] by [4,5]: inner dimensions 3 and 4 differ');
  });

  it('vectors of different lengths and a vector against a matrix name the inner sizes', () => {
    expectThrows(
      () => matmul(zeros([3]), zeros([4])),
      ShapeError,
      /\[3\] by \[4\]: inner dimensions 3 and 4 differ/,
    );
    expectThrows(() => matmul(zeros([2]), zeros([3, 4])), ShapeError, /inner dimensions 2 and 3 differ/);
    expectThrows(() => matmul(zeros([2, 3]), zeros([2])), ShapeError, /inner dimensions 3 and 2 differ/);
  });

  it('a 0-d operand is a ShapeError that points to mul', () => {
    expectThrows(
      () => matmul(tensor(2), zeros([2])),
      ShapeError,
      /^matmul: cannot multiply \[\] by \[2\]/,
      /mul/,
    );
    expectThrows(() => matmul(zeros([2, 2]), tensor(2)), ShapeError, /\[2,2\] by \[\]/);
  });

  it('[2,1,2,3] by [3,2,4] fails on the inner sizes (3 and 2) before any batch broadcasting', () => {
    expectThrows(
      () => matmul(zeros([2, 1, 2, 3]), zeros([3, 2, 4])),
      ShapeError,
      /^matmul: cannot multiply \[2,1,2,3\] by \[3,2,4\]: inner dimensions 3 and 2 differ$/,
    );
  });

  it('batch axes that do not broadcast are a ShapeError naming both shapes', () => {
    expectThrows(
      () => matmul(zeros([2, 2, 3]), zeros([3, 3, 4])),
      ShapeError,
      /matmul/,
      /\[2,2,3\] by \[3,3,4\]/,
      /cannot broadcast/,
    );
  });
});
