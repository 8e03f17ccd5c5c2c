/**
 * Misclassified images as a grid of small pictures (MNIST's 28x28 digits), each captioned with its true
 * class and the network's guess: the errors a learner can look at and often forgive. Drawn with plain SVG
 * paths, so it runs in a browser as in Node and stays small: each picture's pixels are rounded to a few
 * grey levels, and each level is one <path> of horizontal runs (about 2 kB an MNIST digit, not a <rect> a pixel).
 */
import { ArgumentError, type Tensor } from '@tapegrad/autograd';
import { composeFigure, FIGURE_WIDTH, messageFigure } from './figure.ts';
import { createSvgElement, type PlotDocument, pageDocument, type SvgElement } from './svg-document.ts';

export interface DigitGridOptions {
  /** The images [n, side * side], each row a picture row by row, values in [0, 1] (0 blank, 1 full ink). */
  readonly images: Tensor;
  /** The true class of each image [n]. */
  readonly labels: Tensor;
  /** The class the network predicted for each image [n]. */
  readonly predicted: Tensor;
  /** The name of each class index. Default: the index itself ('0', '1', ...). */
  readonly classNames?: readonly string[];
  /** The most pictures drawn, the first misclassified ones in row order. Default 36. */
  readonly maxImages?: number;
  /** Default 'Misclassified images'. */
  readonly title?: string;
}

/** Screen pixels per image pixel. */
const ZOOM = 3;
const GAP = 14;
const CAPTION_HEIGHT = 16;
/** Grey levels a pixel is rounded to (level 0, blank, is not drawn). */
const LEVELS = 8;

/** One picture: for each grey level, a path of the runs of pixels at that level, in image pixels. */
function digitPicture(
  pixels: Float64Array,
  offset: number,
  side: number,
  document: PlotDocument,
): SvgElement {
  const picture = createSvgElement(document, 'g', { class: 'digit' });
  picture.appendChild(
    createSvgElement(document, 'rect', {
      width: side,
      height: side,
      fill: 'white',
      stroke: '#ccc',
      'stroke-width': 0.3,
    }),
  );
  const runs: string[] = Array.from({ length: LEVELS + 1 }, () => '');
  for (let row = 0; row < side; row++) {
    let column = 0;
    while (column < side) {
      const level = Math.round(Math.min(1, Math.max(0, pixels[offset + row * side + column]!)) * LEVELS);
      let end = column + 1;
      while (
        end < side &&
        Math.round(Math.min(1, Math.max(0, pixels[offset + row * side + end]!)) * LEVELS) === level
      ) {
        end++;
      }
      if (level > 0) runs[level] += `M${column} ${row}h${end - column}v1h${column - end}z`;
      column = end;
    }
  }
  runs.forEach((path, level) => {
    if (path === '') return;
    const grey = Math.round(255 * (1 - level / LEVELS));
    picture.appendChild(
      createSvgElement(document, 'path', { d: path, fill: `rgb(${grey},${grey},${grey})` }),
    );
  });
  return picture;
}

function checkOptions(images: Tensor, labels: Tensor, predicted: Tensor, maxImages: number): number {
  const side = Math.round(Math.sqrt(images.shape[1] ?? 0));
  if (images.ndim !== 2 || side * side !== images.shape[1] || side === 0) {
    throw new ArgumentError(
      `digitGridSvg: images has shape [${images.shape.join(', ')}]; expected [n, side * side], each row a ` +
        'square picture row by row (MNIST: [n, 784])',
    );
  }
  const rows = images.shape[0]!;
  for (const [name, values] of [
    ['labels', labels],
    ['predicted', predicted],
  ] as const) {
    if (values.ndim !== 1 || values.shape[0] !== rows) {
      throw new ArgumentError(
        `digitGridSvg: ${name} has shape [${values.shape.join(', ')}]; expected [${rows}], one class per image`,
      );
    }
  }
  if (!(Number.isInteger(maxImages) && maxImages >= 1)) {
    throw new ArgumentError(`digitGridSvg: maxImages ${maxImages} must be a whole number of at least 1`);
  }
  return side;
}

/**
 * The first misclassified images (predicted differs from labels) as a grid of pictures, each captioned
 * 'true T, said P', under a title and a line that counts the errors.
 * @example digitGridSvg({ images: test.X, labels: test.y, predicted: predictClasses(net.forward(test.X), 'softmax') }, nodeDocument())
 */
export function digitGridSvg(
  options: DigitGridOptions,
  document: PlotDocument = pageDocument('digitGridSvg'),
): string {
  const { images, labels, predicted, maxImages = 36 } = options;
  const title = options.title ?? 'Misclassified images';
  const side = checkOptions(images, labels, predicted, maxImages);
  const name = (index: number) => options.classNames?.[index] ?? String(index);
  const wrong: number[] = [];
  labels.data.forEach((label, i) => {
    if (predicted.data[i] !== label) wrong.push(i);
  });
  const total = labels.shape[0]!;
  if (wrong.length === 0) return messageFigure(title, `All ${total} images are classified right.`, document);
  const shown = wrong.slice(0, maxImages);
  const tile = side * ZOOM;
  const columns = Math.floor((FIGURE_WIDTH - GAP) / (tile + GAP));
  const rows = Math.ceil(shown.length / columns);
  // The grid centred across the figure.
  const left = (FIGURE_WIDTH - columns * tile - (columns - 1) * GAP) / 2;
  const chart = createSvgElement(document, 'svg', {
    width: FIGURE_WIDTH,
    height: rows * (tile + CAPTION_HEIGHT + GAP),
  });
  const pixels = images.data;
  shown.forEach((row, k) => {
    const x = left + (k % columns) * (tile + GAP);
    const y = Math.floor(k / columns) * (tile + CAPTION_HEIGHT + GAP);
    const picture = digitPicture(pixels, row * side * side, side, document);
    picture.setAttribute('transform', `translate(${x},${y}) scale(${ZOOM})`);
    chart.appendChild(picture);
    const caption = createSvgElement(document, 'text', {
      x: x + tile / 2,
      y: y + tile + 12,
      'text-anchor': 'middle',
      class: 'digit-caption',
    });
    caption.textContent = `true ${name(labels.data[row]!)}, said ${name(predicted.data[row]!)}`;
    chart.appendChild(caption);
  });
  const percent = ((100 * wrong.length) / total).toFixed(2);
  const subtitle =
    `${wrong.length} of ${total} images misclassified (${percent}%)` +
    (shown.length < wrong.length ? `; the first ${shown.length} in order, ` : ', ') +
    'each with its true class and the one the network said';
  return composeFigure({ title, subtitle, chart }, document);
}
