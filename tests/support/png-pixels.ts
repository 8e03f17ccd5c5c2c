/**
 * Reading the pixels of a PNG in tests (as resvg writes them: 8-bit RGBA, not interlaced), to check what
 * a person would see: where ink is, not only where the SVG says it should be.
 */
import { inflateSync } from 'node:zlib';
import { pngSize } from './png.ts';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row from the top: 4 bytes per pixel. */
  readonly rgba: Uint8Array;
}

/** The Paeth predictor of the PNG specification: whichever of left, up, up-left is closest to left + up - up-left. */
function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [toLeft, toUp, toUpLeft] = [left, up, upLeft].map((value) => Math.abs(estimate - value));
  if (toLeft! <= toUp! && toLeft! <= toUpLeft!) return left;
  return toUp! <= toUpLeft! ? up : upLeft;
}

/** Decodes an 8-bit RGBA PNG: its IDAT chunks inflated, then each row's filter undone. */
export function pngPixels(png: Uint8Array): Pixels {
  const { width, height } = pngSize(png);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png[24] !== 8 || png[25] !== 6 || png[28] !== 0) {
    throw new Error('pngPixels reads 8-bit RGBA PNGs without interlacing only');
  }
  const compressed: Uint8Array[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    const type = new TextDecoder('latin1').decode(png.subarray(offset + 4, offset + 8));
    if (type === 'IDAT') compressed.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const filtered = inflateSync(Buffer.concat(compressed));
  const stride = 4 * width;
  const rgba = new Uint8Array(stride * height);
  for (let row = 0; row < height; row++) {
    const filter = filtered[row * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const raw = filtered[row * (stride + 1) + 1 + i]!;
      const left = i >= 4 ? rgba[row * stride + i - 4]! : 0;
      const up = row > 0 ? rgba[(row - 1) * stride + i]! : 0;
      const upLeft = row > 0 && i >= 4 ? rgba[(row - 1) * stride + i - 4]! : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predicted === undefined) throw new Error(`row ${row} has an unknown PNG filter ${filter}`);
      rgba[row * stride + i] = (raw + predicted) & 0xff;
    }
  }
  return { width, height, rgba };
}

/**
 * The rightmost column holding a dark pixel (each of R, G, B below 128) in rows `top` to `bottom`, or -1
 * if there is none.
 */
export function rightmostInk(pixels: Pixels, top: number, bottom: number): number {
  let rightmost = -1;
  for (let row = Math.max(0, top); row <= Math.min(pixels.height - 1, bottom); row++) {
    for (let column = pixels.width - 1; column > rightmost; column--) {
      const at = 4 * (row * pixels.width + column);
      if (pixels.rgba[at]! < 128 && pixels.rgba[at + 1]! < 128 && pixels.rgba[at + 2]! < 128) {
        rightmost = column;
        break;
      }
    }
  }
  return rightmost;
}
