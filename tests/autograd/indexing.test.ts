import {
  ArgumentError,
  cat,
  concat,
  gather,
  indexSelect,
  ShapeError,
  slice,
  stack,
  tensor,
  zeros,
} from '@tapegrad/autograd';
import { describe, expect, it } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { counting, leaf } from '../support/tensors.ts';

describe('slice forward (Python start:stop:step)', () => {
  const x = counting([10]);

  it('start, stop and step', () => {
    expect(slice(x, [{ start: 2, stop: 5 }]).toArray()).toEqual([2, 3, 4]);
    expect(x.slice([{ step: 3 }]).toArray()).toEqual([0, 3, 6, 9]);
    expect(x.slice([{ start: 1, stop: 8, step: 3 }]).toArray()).toEqual([1, 4, 7]);
  });

  it('negative start and stop count from the end', () => {
    expect(x.slice([{ start: -3 }]).toArray()).toEqual([7, 8, 9]);
    expect(x.slice([{ stop: -8 }]).toArray()).toEqual([0, 1]);
    expect(x.slice([{ start: 1, stop: -1, step: 2 }]).toArray()).toEqual([1, 3, 5, 7]);
  });

  it('out-of-range ends are clipped, as in Python', () => {
    expect(x.slice([{ start: -100, stop: 100 }]).toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(x.slice([{ start: 8, stop: 50 }]).toArray()).toEqual([8, 9]);
  });

  it('empty results have size 0 on that axis', () => {
    expect(x.slice([{ start: 20 }]).shape).toEqual([0]);
    expect(x.slice([{ start: 5, stop: 2 }]).shape).toEqual([0]);
    expect(x.slice([{ start: -1, stop: -2 }]).shape).toEqual([0]);
  });

  it('missing or null ranges take the whole axis', () => {
    const m = counting([3, 4]);
    expect(m.slice([null, { start: 1, stop: 3 }]).toArray()).toEqual([
      [1, 2],
      [5, 6],
      [9, 10],
    ]);
    expect(m.slice([{ start: 1 }]).toArray()).toEqual([
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(m.slice([]).toArray()).toEqual(m.toArray());
    expect(m.slice([undefined, { step: 2 }]).toArray()).toEqual([
      [0, 2],
      [4, 6],
      [8, 10],
    ]);
  });

  it('errors: step <= 0, a non-integer bound, more ranges than axes', () => {
    expectThrows(() => x.slice([{ step: 0 }]), ArgumentError, /^slice: step 0 at axis 0 must be positive/);
    expectThrows(() => x.slice([{ step: -1 }]), ArgumentError, /^slice: step -1/);
    expectThrows(() => x.slice([{ start: 1.5 }]), ArgumentError, /^slice: start 1.5/, /integer/);
    expectThrows(() => x.slice([null, null]), ArgumentError, /^slice: 2 ranges/, /\[10\]/);
  });
});

describe('slice backward', () => {
  it('scatters the gradient back to the sliced positions, zeros elsewhere', () => {
    const m = counting([3, 4], true);
    // m[1:, ::2] has shape [2, 2]: rows 1, 2 and columns 0, 2.
    m.slice([{ start: 1 }, { step: 2 }]).backward(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(m.grad!.toArray()).toEqual([
      [0, 0, 0, 0],
      [1, 0, 2, 0],
      [3, 0, 4, 0],
    ]);
  });

  it('with negative indices, and adding up over two overlapping slices', () => {
    const v = counting([5], true);
    v.slice([{ start: -3 }])
      .sum()
      .add(v.slice([{ stop: -2 }]).sum())
      .backward();
    // [2,3,4] and [0,1,2] overlap at index 2.
    expect(v.grad!.toArray()).toEqual([1, 1, 2, 1, 1]);
  });

  it('an empty slice gives a zero gradient', () => {
    const v = counting([3], true);
    v.slice([{ start: 3 }])
      .sum()
      .backward();
    expect(v.grad!.toArray()).toEqual([0, 0, 0]);
  });
});

describe('gather', () => {
  // log-probabilities of 3 samples over 4 classes, and each sample's label.
  const logProbs = [
    [-1.5, -0.5, -2.5, -3.0],
    [-0.1, -2.0, -4.0, -3.5],
    [-2.2, -1.1, -0.9, -0.3],
  ];
  const labels = tensor([[2], [0], [3]]);

  it("picks each row's class log-probability from [N, C] with an index of shape [N, 1]", () => {
    const picked = gather(tensor(logProbs), 1, labels);
    expect(picked.shape).toEqual([3, 1]);
    expect(picked.toArray()).toEqual([[-2.5], [-0.1], [-0.3]]);
  });

  it('along axis 0 picks a row per column: out[i][j] = x[index[i][j]][j]', () => {
    const x = counting([3, 2]); // [[0,1],[2,3],[4,5]]
    expect(x.gather(0, tensor([[2, 0]])).toArray()).toEqual([[4, 1]]);
    expect(
      x
        .gather(
          -2,
          tensor([
            [1, 1],
            [0, 2],
          ]),
        )
        .toArray(),
    ).toEqual([
      [2, 3],
      [0, 5],
    ]);
  });

  it('backward scatters the gradient to the picked positions (the NLL gradient is a negative one-hot)', () => {
    const x = leaf(logProbs);
    // Summed negative log-likelihood: -1 at each label, 0 elsewhere.
    x.gather(1, labels).sum().mul(-1).backward();
    expect(x.grad!.toArray()).toEqual([
      [0, 0, -1, 0],
      [-1, 0, 0, 0],
      [0, 0, 0, -1],
    ]);
  });

  it('an index may be shorter than x on the other axes and longer on the gather axis', () => {
    const x = counting([3, 4], true); // rows [0,1,2,3], [4,5,6,7], [8,9,10,11]
    const picked = x.gather(
      1,
      tensor([
        [0, 3, 3, 1, 2],
        [1, 1, 0, 0, 0],
      ]),
    );
    expect(picked.toArray()).toEqual([
      [0, 3, 3, 1, 2],
      [5, 5, 4, 4, 4],
    ]);
    picked.sum().backward();
    // Row 0 picks column 3 twice; row 1 picks column 1 twice and column 0 three times; row 2 is never read.
    expect(x.grad!.toArray()).toEqual([
      [1, 1, 1, 2],
      [3, 2, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('repeated indices add up in the gradient', () => {
    const x = leaf([[10, 20, 30]]);
    const picked = x.gather(1, tensor([[0, 0, 1, 0]]));
    expect(picked.toArray()).toEqual([[10, 10, 20, 10]]);
    picked.backward(tensor([[1, 2, 3, 4]]));
    expect(x.grad!.toArray()).toEqual([[7, 3, 0]]); // 1 + 2 + 4 at index 0, 3 at index 1
  });

  it('errors: an out-of-range or negative index, a non-integer index (ArgumentError)', () => {
    const x = tensor(logProbs);
    expectThrows(() => x.gather(1, tensor([[4], [0], [0]])), ArgumentError, /^gather: index 4/, /0\.\.3/);
    expectThrows(
      () => x.gather(1, tensor([[0], [-1], [0]])),
      ArgumentError,
      /^gather: index -1 at position 1/,
    );
    expectThrows(() => x.gather(1, tensor([[0], [0.5], [0]])), ArgumentError, /^gather: index 0.5/);
  });

  it('errors: an index with a different number of axes or larger on another axis (ShapeError)', () => {
    const x = tensor(logProbs);
    expectThrows(() => x.gather(1, [0, 1, 2]), ShapeError, /^gather: index of shape \[3\]/, /\[3,4\]/);
    expectThrows(() => x.gather(1, zeros([4, 1])), ShapeError, /^gather: index of shape \[4,1\]/);
    expectThrows(() => x.gather(2, labels), ArgumentError, /^gather: axis 2/);
  });
});

describe('indexSelect', () => {
  const x = () =>
    tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);

  it('selects whole slices along an axis, repeats allowed', () => {
    expect(indexSelect(x(), 0, [2, 0, 2]).toArray()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(
      x()
        .indexSelect(1, tensor([1]))
        .toArray(),
    ).toEqual([[2], [4], [6]]);
    expect(x().indexSelect(-1, [1, 0]).toArray()).toEqual([
      [2, 1],
      [4, 3],
      [6, 5],
    ]);
  });

  it('backward adds each slice gradient at its index, so repeats add up', () => {
    const source = leaf([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    source.indexSelect(0, [2, 0, 2]).backward(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    // Row 2 was picked twice: [1,2] + [5,6]; row 0 once: [3,4]; row 1 never.
    expect(source.grad!.toArray()).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
  });

  it('errors: 2-D indices (ShapeError) and an index out of range (ArgumentError)', () => {
    expectThrows(
      () => x().indexSelect(0, tensor([[0, 1]])),
      ShapeError,
      /^indexSelect: indices must be 1-D/,
      /\[1,2\]/,
    );
    expectThrows(() => x().indexSelect(0, [3]), ArgumentError, /^indexSelect: index 3/, /0\.\.2/);
  });
});

describe('concat (cat) and stack', () => {
  const a = () =>
    leaf([
      [1, 2],
      [3, 4],
    ]);

  it('concat joins along an existing axis (default 0)', () => {
    const joined = concat([a(), tensor([[5, 6]])]);
    expect(joined.shape).toEqual([3, 2]);
    expect(joined.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(concat([a(), tensor([[7], [8]])], 1).toArray()).toEqual([
      [1, 2, 7],
      [3, 4, 8],
    ]);
    expect(concat([a(), tensor([[7], [8]]), a()], -1).toArray()).toEqual([
      [1, 2, 7, 1, 2],
      [3, 4, 8, 3, 4],
    ]);
  });

  it('cat is the same function as concat', () => {
    expect(cat).toBe(concat);
    expect(cat([tensor([1]), tensor([2, 3])]).toArray()).toEqual([1, 2, 3]);
  });

  it('concat backward splits the gradient back into each input (none for a constant input)', () => {
    const left = a();
    const right = leaf([[7], [8]]);
    const constant = tensor([[0], [0]]);
    concat([left, constant, right], -1).backward(
      tensor([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]),
    );
    expect(left.grad!.toArray()).toEqual([
      [1, 2],
      [5, 6],
    ]);
    expect(right.grad!.toArray()).toEqual([[4], [8]]);
    expect(constant.grad).toBeNull();
  });

  it('the same tensor twice in concat receives both gradient parts', () => {
    const v = leaf([1, 2]);
    cat([v, v]).backward(tensor([1, 2, 3, 4]));
    expect(v.grad!.toArray()).toEqual([4, 6]);
  });

  it('concat errors name the tensor index and the shapes', () => {
    expectThrows(
      () => concat([zeros([2, 2]), zeros([2, 2]), zeros([3, 3])], 0),
      ShapeError,
      /^concat: tensor 2 has shape \[3,3\] but tensor 0 has \[2,2\]/,
      /except on axis 0/,
    );
    expectThrows(() => concat([zeros([2, 2]), zeros([2])]), ShapeError, /tensor 1 has shape \[2\]/);
    expectThrows(() => concat([]), ArgumentError, /^concat: needs at least one tensor/);
    expectThrows(() => concat([zeros([2])], 1), ArgumentError, /^concat: axis 1/);
  });

  it('stack joins along a new axis, at the front by default, or at the end with -1', () => {
    const first = tensor([1, 2, 3]);
    const second = tensor([4, 5, 6]);
    const rows = stack([first, second]);
    expect(rows.shape).toEqual([2, 3]);
    expect(rows.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(stack([first, second], 1).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(stack([first, second], -1).shape).toEqual([3, 2]);
    expect(stack([counting([2, 3]), counting([2, 3])], -2).shape).toEqual([2, 2, 3]);
  });

  it('stack backward gives each input its slice of the gradient', () => {
    const first = leaf([1, 2]);
    const second = leaf([3, 4]);
    stack([first, second], -1).backward(
      tensor([
        [10, 20],
        [30, 40],
      ]),
    );
    expect(first.grad!.toArray()).toEqual([10, 30]);
    expect(second.grad!.toArray()).toEqual([20, 40]);
  });

  it('stack errors name the tensor index and the shapes', () => {
    expectThrows(
      () => stack([zeros([2]), zeros([2]), zeros([3])]),
      ShapeError,
      /^stack: tensor 2 has shape \[3\] but tensor 0 has \[2\]/,
    );
    expectThrows(() => stack([]), ArgumentError, /^stack: needs at least one tensor/);
    expectThrows(() => stack([zeros([2])], 2), ArgumentError, /^stack: axis 2/, /-2\.\.1/);
  });
});
