/**
 * A Grid as an image: one pixel per grid point, coloured by a function of the cell. Grid row 0 is the
 * bottom of the plane but image row 0 is the top, so rows are flipped: image row r shows grid row size-1-r.
 */
import type { Rgb } from './colors.ts';

/**
 * The RGBA pixels (opaque) of a size x size image whose pixel for grid cell `row * size + column` has
 * colour `colorOfCell(cell)`, written into `pixels` (allocated when not given), with rows flipped.
 * @example
 * // Cell 0 (bottom-left) red, the rest white: the red pixel is image row 1, column 0.
 * gridImagePixels(2, (cell) => (cell === 0 ? [255, 0, 0] : [255, 255, 255]));
 */
export function gridImagePixels(
  size: number,
  colorOfCell: (cell: number) => Rgb,
  pixels = new Uint8ClampedArray(size * size * 4),
): Uint8ClampedArray {
  for (let row = 0; row < size; row++) {
    const imageRow = size - 1 - row;
    for (let column = 0; column < size; column++) {
      const color = colorOfCell(row * size + column);
      const offset = (imageRow * size + column) * 4;
      pixels[offset] = color[0];
      pixels[offset + 1] = color[1];
      pixels[offset + 2] = color[2];
      pixels[offset + 3] = 255;
    }
  }
  return pixels;
}

/** Writes the grid's image into `canvas` at one pixel per cell, resizing the canvas to size x size. */
export function paintGridImage(
  canvas: HTMLCanvasElement,
  size: number,
  colorOfCell: (cell: number) => Rgb,
): void {
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(size, size);
  gridImagePixels(size, colorOfCell, image.data);
  context.putImageData(image, 0, 0);
}

/** One off-screen canvas per grid size, reused by every redraw. */
const scratchCanvases = new Map<number, HTMLCanvasElement>();

/**
 * Draws the grid's image stretched over the rectangle (x, y, width, height) of `context`, smoothed
 * (bilinear), so that each grid value sits at the centre of its cell: a grid over the plane's cells
 * covers the plane exactly.
 */
export function drawGridImage(
  context: CanvasRenderingContext2D,
  size: number,
  colorOfCell: (cell: number) => Rgb,
  rectangle: { readonly left: number; readonly top: number; readonly width: number; readonly height: number },
): void {
  let scratch = scratchCanvases.get(size);
  if (scratch === undefined) {
    scratch = document.createElement('canvas');
    scratchCanvases.set(size, scratch);
  }
  paintGridImage(scratch, size, colorOfCell);
  context.save();
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(scratch, rectangle.left, rectangle.top, rectangle.width, rectangle.height);
  context.restore();
}
