/**
 * Masks: maskedFill, maskedSelect and x.index(mask) (PyTorch's x[mask]). A mask is a 0/1 tensor, as the
 * comparisons return. Values and gradients by hand: maskedFill is where(mask, value, x), so x's gradient
 * is the seed where the mask is 0 and a tensor value's is the sum of the seed where it is 1; maskedSelect
 * gathers entries, so its gradient scatters the seed back (and sums over the copies of a broadcast).
 */
import { ArgumentError, maskedFill, maskedSelect, ShapeError, tensor } from '@tapegrad/autograd';
import { describe, expect, it } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { leaf } from '../support/tensors.ts';

describe('maskedFill', () => {
  const x = tensor([
    [1, -2, 3],
    [-4, 5, -6],
  ]);

  it('puts the value where the mask is 1', () => {
    expect(maskedFill(x, x.lt(0), 0).toArray()).toEqual([
      [1, 0, 3],
      [0, 5, 0],
    ]);
    expect(x.maskedFill(tensor([1, 0, 0]), Number.NEGATIVE_INFINITY).toArray()).toEqual([
      [Number.NEGATIVE_INFINITY, -2, 3],
      [Number.NEGATIVE_INFINITY, 5, -6],
    ]);
    expect(x.maskedFill(x.gt(4), tensor(9)).toArray()).toEqual([
      [1, -2, 3],
      [-4, 9, -6],
    ]);
  });

  it('x and mask broadcast together, as in PyTorch', () => {
    const row = tensor([1, 2, 3]);
    expect(
      row
        .maskedFill(
          tensor([
            [1, 0, 1],
            [0, 1, 0],
          ]),
          0,
        )
        .toArray(),
    ).toEqual([
      [0, 2, 0],
      [1, 0, 3],
    ]);
  });

  it("backward: x's gradient is the seed where the mask is 0; a tensor value's is the seed summed where it is 1", () => {
    const input = leaf([
      [1, 2],
      [3, 4],
    ]);
    const value = leaf(7);
    const mask = tensor([
      [1, 0],
      [1, 1],
    ]);
    input.maskedFill(mask, value).backward(
      tensor([
        [10, 20],
        [30, 40],
      ]),
    );
    expect(input.grad!.toArray()).toEqual([
      [0, 20],
      [0, 0],
    ]);
    expect(value.grad!.toArray()).toBe(80);
  });

  it('a second derivative passes through: d2/dx2 of sum(maskedFill(x, m, 0)^3) is 6x where m is 0', () => {
    const input = leaf([1, 2, 3]);
    const mask = tensor([0, 1, 0]);
    input.maskedFill(mask, 0).pow(3).sum().backward({ createGraph: true });
    const gradient = input.grad!; // 3x^2 where the mask is 0
    expect(gradient.toArray()).toEqual([3, 0, 27]);
    input.grad = null;
    gradient.sum().backward();
    expect(input.grad!.toArray()).toEqual([6, 0, 18]);
  });

  it('errors name the argument: a mask that is not 0/1, a value that is not a number or a 0-d tensor', () => {
    expectThrows(
      () => x.maskedFill(tensor([0, 2, 1]), 0),
      ArgumentError,
      /^maskedFill: argument 'mask' must hold only 0 and 1, got 2 at flat position 1 of its shape \[3\]; .*x\.gt\(0\)/,
    );
    expectThrows(() => x.maskedFill(tensor([0, Number.NaN, 1]), 0), ArgumentError, /'mask' .* got NaN/);
    expectThrows(
      () => x.maskedFill(x.gt(0), tensor([1, 2])),
      ArgumentError,
      /^maskedFill: argument 'value' must be a number or a 0-d Tensor, got a Tensor of shape \[2\]/,
    );
    expectThrows(
      () => x.maskedFill(tensor([1, 0]), 0),
      ShapeError,
      /^maskedFill: cannot broadcast shapes \[2,3\] and \[2\]/,
    );
    expectThrows(
      () => x.maskedFill([1, 0, 1] as never, 0),
      ArgumentError,
      /^maskedFill: argument 'mask' must be a Tensor/,
    );
  });
});

describe('maskedSelect and x.index(mask)', () => {
  const x = tensor([
    [1, -2, 3],
    [-4, 5, -6],
  ]);

  it('the entries where the mask is 1, 1-D in row-major order', () => {
    expect(maskedSelect(x, x.gt(0)).toArray()).toEqual([1, 3, 5]);
    expect(x.maskedSelect(x.gt(10)).shape).toEqual([0]);
    expect(x.index(x.lt(0)).toArray()).toEqual([-2, -4, -6]);
  });

  it('maskedSelect broadcasts x and mask together, as torch.masked_select', () => {
    // PyTorch: torch.masked_select(tensor([1., 2, 3]), tensor([[True, False, True], [False, True, False]]))
    // is tensor([1., 3., 2.]).
    const mask = tensor([
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect(tensor([1, 2, 3]).maskedSelect(mask).toArray()).toEqual([1, 3, 2]);
    expect(x.maskedSelect(tensor([0, 1, 1])).toArray()).toEqual([-2, 3, 5, -6]);
    expect(tensor(4).maskedSelect(tensor(1)).toArray()).toEqual([4]);
  });

  it('a mask of the leading sizes picks whole sub-tensors (x[rows], with rows a 0/1 vector)', () => {
    const labels = tensor([1, 0]);
    expect(x.index(labels.eq(0)).toArray()).toEqual([[-4, 5, -6]]);
    expect(x.index(labels).toArray()).toEqual([[1, -2, 3]]);
  });

  it('backward scatters the seed back, and sums it over the copies of a broadcast', () => {
    const input = leaf([
      [1, 2],
      [3, 4],
    ]);
    input
      .maskedSelect(
        tensor([
          [0, 1],
          [1, 1],
        ]),
      )
      .backward(tensor([10, 20, 30]));
    expect(input.grad!.toArray()).toEqual([
      [0, 10],
      [20, 30],
    ]);
    const row = leaf([1, 2, 3]);
    row
      .maskedSelect(
        tensor([
          [1, 0, 1],
          [1, 1, 0],
        ]),
      )
      .backward(tensor([1, 2, 3, 4]));
    // Entries picked: row[0], row[2] (first copy), row[0], row[1] (second copy).
    expect(row.grad!.toArray()).toEqual([4, 4, 2]);
    const rows = leaf([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    rows
      .index(tensor([1, 0, 1]))
      .sum()
      .backward();
    expect(rows.grad!.toArray()).toEqual([
      [1, 1],
      [0, 0],
      [1, 1],
    ]);
  });

  it('errors: a mask that is not 0/1 (a tensor index is always a mask), a mask that does not fit', () => {
    expectThrows(
      () => x.index(tensor([0, 2])),
      ArgumentError,
      /^index: argument 'mask' must hold only 0 and 1, got 2/,
      /pass integer positions as an array, x\.index\(\[0, 2\]\)/,
    );
    expectThrows(
      () => x.index(tensor([1, 0, 1])),
      ShapeError,
      /^index: mask of shape \[3\] does not match input \[2,3\]; .*leading sizes/,
    );
    expectThrows(() => x.index(tensor(1)), ShapeError, /^index: mask of shape \[\] does not match/);
    expectThrows(
      () => x.maskedSelect(tensor([0.5, 1, 0])),
      ArgumentError,
      /^maskedSelect: argument 'mask' must hold only 0 and 1, got 0\.5/,
    );
    expectThrows(
      () => x.maskedSelect(tensor([1, 0])),
      ShapeError,
      /^maskedSelect: cannot broadcast shapes \[2,3\] and \[2\]/,
    );
  });
});
