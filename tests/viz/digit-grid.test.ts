/**
 * digitGridSvg: the misclassified images as small pictures, each captioned with its true and predicted
 * class, drawn as one path of pixel runs per grey level.
 */
import { ArgumentError, tensor } from '@tapegrad/autograd';
import { nodeDocument } from '@tapegrad/viz/node';
import { digitGridSvg } from '@tapegrad/viz/plots';
import { describe, expect, test } from 'vitest';
import { expectThrows } from '../support/assertions.ts';
import { parseSvg, textsOf } from '../support/svg.ts';

const document = nodeDocument();

/** Three 2x2 images: a full top row; a blank image; one half-grey pixel at the bottom right. */
const images = tensor([
  [1, 1, 0, 0],
  [0, 0, 0, 0],
  [0, 0, 0, 0.5],
]);

describe('digitGridSvg', () => {
  test('draws only the misclassified images, in row order, each captioned true and said', () => {
    const svg = digitGridSvg(
      { images, labels: tensor([0, 1, 2]), predicted: tensor([1, 1, 0]), classNames: ['zero', 'one', 'two'] },
      document,
    );
    const root = parseSvg(svg);
    expect(root.querySelectorAll('g.digit').length).toBe(2);
    expect(textsOf(root, 'text.digit-caption')).toEqual(['true zero, said one', 'true two, said zero']);
    expect(textsOf(root, 'text').join(' ')).toContain('2 of 3 images misclassified (66.67%)');
  });

  test('a run of equal pixels is one rectangle; a pixel of 0.5 is the middle grey level', () => {
    const root = parseSvg(
      digitGridSvg({ images, labels: tensor([1, 1, 1]), predicted: tensor([0, 1, 0]) }, document),
    );
    const [first, second] = [...root.querySelectorAll('g.digit')];
    // Image 0: the top row, both pixels full ink, is one run 2 wide: black.
    const firstPaths = [...first!.querySelectorAll('path')];
    expect(firstPaths.map((path) => [path.getAttribute('d'), path.getAttribute('fill')])).toEqual([
      ['M0 0h2v1h-2z', 'rgb(0,0,0)'],
    ]);
    // Image 2: pixel (row 1, column 1) at 0.5 is level 4 of 8: grey 255 * (1 - 4/8) = 128 (rounded).
    const secondPaths = [...second!.querySelectorAll('path')];
    expect(secondPaths.map((path) => [path.getAttribute('d'), path.getAttribute('fill')])).toEqual([
      ['M1 1h1v1h-1z', 'rgb(128,128,128)'],
    ]);
    expect(textsOf(root, 'text.digit-caption')).toEqual(['true 1, said 0', 'true 1, said 0']);
  });

  test('maxImages keeps the first ones and the subtitle says so', () => {
    const root = parseSvg(
      digitGridSvg(
        { images, labels: tensor([0, 1, 2]), predicted: tensor([1, 0, 0]), maxImages: 2 },
        document,
      ),
    );
    expect(textsOf(root, 'text.digit-caption')).toEqual(['true 0, said 1', 'true 1, said 0']);
    expect(textsOf(root, 'text').join(' ')).toContain(
      '3 of 3 images misclassified (100.00%); the first 2 in order',
    );
  });

  test('with no error it says so instead of drawing an empty grid', () => {
    const root = parseSvg(
      digitGridSvg({ images, labels: tensor([0, 1, 2]), predicted: tensor([0, 1, 2]) }, document),
    );
    expect(root.querySelectorAll('g.digit').length).toBe(0);
    expect(textsOf(root, 'text').join(' ')).toContain('All 3 images are classified right.');
  });

  test('refuses images that are not square pictures, and labels of another length', () => {
    expectThrows(
      () =>
        digitGridSvg({ images: tensor([[1, 2, 3]]), labels: tensor([0]), predicted: tensor([0]) }, document),
      ArgumentError,
      /digitGridSvg: images has shape \[1, 3\]; expected \[n, side \* side\]/,
    );
    expectThrows(
      () => digitGridSvg({ images, labels: tensor([0, 1]), predicted: tensor([0, 1, 2]) }, document),
      ArgumentError,
      /digitGridSvg: labels has shape \[2\]; expected \[3\]/,
    );
    expectThrows(
      () =>
        digitGridSvg(
          { images, labels: tensor([0, 1, 2]), predicted: tensor([0, 1, 2]), maxImages: 0 },
          document,
        ),
      ArgumentError,
      /maxImages 0 must be a whole number/,
    );
  });
});
