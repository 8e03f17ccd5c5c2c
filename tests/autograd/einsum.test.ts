import {
  ArgumentError,
  einsum,
  eye,
  matmul,
  ones,
  ShapeError,
  type Tensor,
  tensor,
  transpose,
} from '@tapegrad/autograd';
import { describe, expect, test } from 'vitest';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { counting } from '../support/tensors.ts';
import { expectMatchesTorch, fromSpec, TORCH_TOLERANCE, torchMath } from './fixtures/torch-math.ts';

describe('einsum', () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  test('the common forms by hand: matmul, transpose, trace, diagonal, outer and dot products, sums', () => {
    const b = counting([3, 2]);
    expectAllClose(einsum('ij,jk->ik', a, b), matmul(a, b));
    expectAllClose(einsum('ij->ji', a), transpose(a));
    expect(einsum('ii->', counting([3, 3])).item()).toBe(0 + 4 + 8);
    expect(einsum('ii->i', counting([3, 3])).toArray()).toEqual([0, 4, 8]);
    expect(einsum('ij->', a).item()).toBe(21);
    expect(einsum('ij->j', a).toArray()).toEqual([5, 7, 9]);
    expect(einsum('i,i->', tensor([1, 2]), tensor([3, 4])).item()).toBe(11);
    expect(einsum('i,j->ij', tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
    expect(einsum('ij,ij->ij', a, a).toArray()).toEqual([
      [1, 4, 9],
      [16, 25, 36],
    ]);
    expect(einsum('ij,j->i', a, tensor([1, 0, -1])).toArray()).toEqual([-2, -2]);
  });

  test("implicit output, PyTorch's rule: the labels used once, alphabetically (A-Z before a-z)", () => {
    expect(einsum('ii', eye(3)).item()).toBe(3);
    expect(einsum('ba', a).shape).toEqual([3, 2]);
    expect(einsum('ij,jk', a, ones([3, 4])).shape).toEqual([2, 4]);
    expect(einsum('Ab,aB', a, ones([3, 2])).shape).toEqual([2, 2, 3, 3]);
  });

  test("values and gradients of every operand match PyTorch's for 25 equations, three operands included", () => {
    expect(torchMath.einsum.length).toBe(25);
    for (const torchCase of torchMath.einsum) {
      expectMatchesTorch(
        (...operands: Tensor[]) => einsum(torchCase.equation, ...operands),
        torchCase,
        TORCH_TOLERANCE,
      );
    }
  });

  test('operands may come as one array, as torch.einsum accepts', () => {
    const [x, y] = torchMath.einsum[0]!.inputs.map((spec) => fromSpec(spec));
    expectAllClose(einsum('ij,jk->ik', [x!, y!]), einsum('ij,jk->ik', x!, y!));
  });

  test('mistakes are errors naming einsum, the equation, the operand and the shapes', () => {
    const b = ones([4, 5]);
    expectThrows(
      () => einsum('ij,jk->ik', a, b),
      ShapeError,
      /^einsum: equation 'ij,jk->ik': subscript 'j' has size 3 in operand 0 \(\[2,3\]\) but 4 in operand 1 \(\[4,5\]\)/,
    );
    expectThrows(
      () => einsum('ijk->i', a),
      ShapeError,
      /einsum: equation 'ijk->i'/,
      /operand 0 has shape \[2,3\]/,
      /'ijk' name 3/,
    );
    expectThrows(
      () => einsum('ij,jk->ik', a),
      ArgumentError,
      /einsum: equation 'ij,jk->ik'/,
      /2 operand terms but 1 operand was given/,
    );
    expectThrows(
      () => einsum('ij->iz', a),
      ArgumentError,
      /einsum: equation 'ij->iz'/,
      /'z' names no operand's axis/,
    );
    expectThrows(() => einsum('ij->ii', a), ArgumentError, /'i' appears more than once/);
    expectThrows(() => einsum('i1->i', a), ArgumentError, /'1' in operand 0's subscripts is not a subscript/);
    expectThrows(() => einsum('...ij->ij', a), ArgumentError, /ellipsis/);
    expectThrows(() => einsum('ij->i->j', a), ArgumentError, /more than one '->'/);
    expectThrows(() => einsum('ij', 'a' as never), ArgumentError, /einsum/, /operands\[0\]/);
    expectThrows(() => einsum(5 as never, a), ArgumentError, /einsum/, /'equation'/);
    expectThrows(() => einsum('ij'), ArgumentError, /einsum: needs at least one operand/);
  });
});
