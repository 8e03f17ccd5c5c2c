import { describe, expect, test } from 'vitest';
import {
  BLUE,
  CLASS_PALETTE,
  categoricalColor,
  classColor,
  cssColor,
  divergingColor,
  mix,
  NEUTRAL_GREY,
  ORANGE,
  probabilityColor,
  WHITE,
  weightColor,
} from '../../../packages/playground/src/views/colors.ts';

describe('the colour scales', () => {
  test('mix moves each channel by the amount, rounded, and clamps the amount to [0, 1]', () => {
    expect(mix([0, 0, 0], [255, 255, 255], 0.5)).toEqual([128, 128, 128]);
    expect(mix([10, 20, 30], [110, 220, 130], 0.25)).toEqual([35, 70, 55]);
    expect(mix([10, 20, 30], [110, 220, 130], -1)).toEqual([10, 20, 30]);
    expect(mix([10, 20, 30], [110, 220, 130], 7)).toEqual([110, 220, 130]);
  });

  test('the diverging scale: orange at -1, white at 0, blue at +1, linear between, clamped outside', () => {
    expect(divergingColor(-1)).toEqual([245, 147, 34]);
    expect(divergingColor(0)).toEqual([255, 255, 255]);
    expect(divergingColor(1)).toEqual([8, 119, 189]);
    // Half way: 255 + 0.5 * (245 - 255) = 250, 255 + 0.5 * (147 - 255) = 201, 255 + 0.5 * (34 - 255) = 144.5.
    expect(divergingColor(-0.5)).toEqual([250, 201, 145]);
    // A quarter of the way to blue: 255 - 0.25 * 247 = 193.25, 255 - 0.25 * 136 = 221, 255 - 0.25 * 66 = 238.5.
    expect(divergingColor(0.25)).toEqual([193, 221, 239]);
    expect(divergingColor(-3)).toEqual(ORANGE);
    expect(divergingColor(3)).toEqual(BLUE);
    expect(divergingColor(Number.NaN)).toEqual(WHITE);
  });

  test('P(class 1) is read at t = 2p - 1: orange at 0, white at 0.5, blue at 1', () => {
    expect(probabilityColor(0)).toEqual(ORANGE);
    expect(probabilityColor(0.5)).toEqual(WHITE);
    expect(probabilityColor(1)).toEqual(BLUE);
    // t = 0.5: 255 - 0.5 * 247 = 131.5, 255 - 0.5 * 136 = 187, 255 - 0.5 * 66 = 222.
    expect(probabilityColor(0.75)).toEqual([132, 187, 222]);
  });

  test('class 0 is orange and class 1 blue for any number of classes; the palette repeats after eight', () => {
    expect(classColor(0, 2)).toEqual(ORANGE);
    expect(classColor(1, 2)).toEqual(BLUE);
    expect(classColor(0, 5)).toEqual(ORANGE);
    expect(classColor(1, 5)).toEqual(BLUE);
    expect(classColor(2, 3)).toEqual([0, 158, 115]);
    expect(classColor(CLASS_PALETTE.length + 2, 10)).toEqual(classColor(2, 10));
    expect(new Set(CLASS_PALETTE.map((color) => color.join())).size).toBe(CLASS_PALETTE.length);
  });

  test('a cell is its class colour faded to white as its confidence falls to 1 / k', () => {
    expect(categoricalColor(2, 1, 3)).toEqual([0, 158, 115]);
    expect(categoricalColor(2, 1 / 3, 3)).toEqual(WHITE);
    // 2/3 is half way from 1/3 to 1: (0 + 255) / 2 = 127.5, (158 + 255) / 2 = 206.5, (115 + 255) / 2 = 185.
    expect(categoricalColor(2, 2 / 3, 3)).toEqual([128, 207, 185]);
    // Four classes: 0.625 is half way from 0.25 to 1.
    expect(categoricalColor(3, 0.625, 4)).toEqual([230, 188, 211]);
  });

  test('for two classes the categorical colours are the diverging scale', () => {
    for (const confidence of [0.5, 0.6, 0.75, 0.9, 1]) {
      // Class 1 with confidence c is P(class 1) = c; class 0 is P(class 1) = 1 - c.
      expect(categoricalColor(1, confidence, 2)).toEqual(probabilityColor(confidence));
      expect(categoricalColor(0, confidence, 2)).toEqual(probabilityColor(1 - confidence));
    }
  });

  test('a weight: grey at 0, orange when negative, blue when positive, full from |w| = fullAt', () => {
    expect(weightColor(0)).toEqual(NEUTRAL_GREY);
    expect(weightColor(-2, 2)).toEqual(ORANGE);
    expect(weightColor(5, 2)).toEqual(BLUE);
    // Half way from grey to blue: 207 - 0.5 * 199 = 107.5, 212 - 0.5 * 93 = 165.5, 218 - 0.5 * 29 = 203.5.
    expect(weightColor(0.5, 1)).toEqual([108, 166, 204]);
    expect(weightColor(-0.5, 1)).toEqual([226, 180, 126]);
  });

  test('CSS colours use the space-separated rgb() syntax, with an optional alpha', () => {
    expect(cssColor([245, 147, 34])).toBe('rgb(245 147 34)');
    expect(cssColor([0, 0, 0], 0.5)).toBe('rgb(0 0 0 / 0.5)');
  });
});
