import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { gridImagePixels } from '../../../packages/playground/src/views/grid-image.ts';
import { neuronColorScale } from '../../../packages/playground/src/views/neurons.ts';
import {
  boundaryFrame,
  gridToPixel,
  pixelToPlane,
  planeToPixel,
} from '../../../packages/playground/src/views/plane-frame.ts';

const unitFrame = { left: 0, top: 0, width: 100, height: 100 };

describe('the plane on the boundary canvas', () => {
  test('a 400 x 400 canvas leaves room for the legend above and the axes below and left', () => {
    expect(boundaryFrame(400, 400)).toEqual({ left: 46, top: 24, width: 344, height: 338 });
  });

  test('data to pixels: xMin at the left, yMax at the top', () => {
    expect(planeToPixel(unitFrame, [-1, 1, -1, 1], 0.5, 0.5)).toEqual([75, 25]);
    expect(planeToPixel({ left: 10, top: 20, width: 200, height: 100 }, [0, 4, -2, 0], 1, -2)).toEqual([
      60, 120,
    ]);
    expect(pixelToPlane(unitFrame, [-1, 1, -1, 1], 75, 25)).toEqual([0.5, 0.5]);
  });

  test('grid point (c, r) of a size-n grid is at the centre of cell (c, r): row 0 at the bottom', () => {
    expect(gridToPixel(unitFrame, 10, 0, 0)).toEqual([5, 95]);
    expect(gridToPixel(unitFrame, 10, 9, 9)).toEqual([95, 5]);
    expect(gridToPixel(unitFrame, 4, 1.5, 1.5)).toEqual([50, 50]);
  });

  propTest.prop([
    fc.double({ min: -50, max: 50, noNaN: true }),
    fc.double({ min: -50, max: 50, noNaN: true }),
    fc.double({ min: 0.01, max: 100, noNaN: true }),
    fc.double({ min: 0.01, max: 100, noNaN: true }),
  ])('pixelToPlane undoes planeToPixel', (x, y, xSpan, ySpan) => {
    const bounds = [-xSpan, 2 * xSpan, -ySpan, ySpan] as const;
    const frame = boundaryFrame(400, 300);
    const [px, py] = planeToPixel(frame, bounds, x, y);
    const [backX, backY] = pixelToPlane(frame, bounds, px, py);
    expect(backX).toBeCloseTo(x, 9);
    expect(backY).toBeCloseTo(y, 9);
  });
});

describe('grid images and neuron colours', () => {
  test('image row 0 is the grid top row: the bottom-left cell is the first pixel of the last image row', () => {
    const pixels = gridImagePixels(2, (cell) => (cell === 0 ? [255, 0, 0] : [10, 20, 30]));
    expect([...pixels]).toEqual([10, 20, 30, 255, 10, 20, 30, 255, 255, 0, 0, 255, 10, 20, 30, 255]);
  });

  test('tanh values are the diverging scale itself; sigmoid is centred at 0.5', () => {
    const grid = { size: 1, values: Float64Array.of(0) };
    expect(neuronColorScale('tanh', grid)(-1)).toEqual([245, 147, 34]);
    expect(neuronColorScale('tanh', grid)(0)).toEqual([255, 255, 255]);
    expect(neuronColorScale('sigmoid', grid)(0.5)).toEqual([255, 255, 255]);
    expect(neuronColorScale('sigmoid', grid)(1)).toEqual([8, 119, 189]);
    expect(neuronColorScale('sigmoid', grid)(0)).toEqual([245, 147, 34]);
  });

  test('relu is scaled by the grid maximum: white at 0, blue at the max; a dead unit is white', () => {
    const scale = neuronColorScale('relu', { size: 2, values: Float64Array.of(0, 1, 4, 2) });
    expect(scale(0)).toEqual([255, 255, 255]);
    expect(scale(4)).toEqual([8, 119, 189]);
    expect(scale(2)).toEqual([132, 187, 222]);
    const dead = neuronColorScale('relu', { size: 2, values: new Float64Array(4) });
    expect(dead(0)).toEqual([255, 255, 255]);
  });
});
