/**
 * The decision boundary on a canvas: the model's probabilities over the plane as a smoothed heatmap, the
 * 0.5 contour (two classes), the axes with the feature names, the train and test points, and a legend.
 * Everything is redrawn from scratch on each call: under 10 ms for a 400 x 400 canvas, a 50 x 50 grid and 500
 * points in headless Chromium without a GPU (tests/playground/views/views-page.test.ts measures it).
 */
import type { BoundaryView, PlaneData } from '../snapshot.ts';
import { drawChosenPoint, drawLegend, drawPoints } from './boundary-markers.ts';
import { categoricalColor, cssColor, INK, probabilityColor, type Rgb } from './colors.ts';
import { contourSegments } from './contour.ts';
import { drawGridImage } from './grid-image.ts';
import {
  BOUNDARY_MARGINS,
  boundaryFrame,
  gridToPixel,
  type PlaneBounds,
  type PlotFrame,
  pixelToPlane,
  planeToPixel,
} from './plane-frame.ts';
import { formatNumber, linearTicks } from './ticks.ts';

export { boundaryFrame, pixelToPlane, planeToPixel } from './plane-frame.ts';

export interface BoundaryOptions {
  /** Draw the test points (default true). */
  readonly showTest?: boolean;
  /** Ring the training point with this index (the one the worked example explains). */
  readonly chosenTrainPoint?: number;
  /** Canvas pixels per CSS pixel (default the window's devicePixelRatio), for crisp lines on HiDPI screens. */
  readonly pixelRatio?: number;
}

const TICK_FONT = '11px system-ui, sans-serif';
const AXIS_FONT = '12px system-ui, sans-serif';
const TICK_LENGTH = 4;
const LEGEND_LEFT = 6;
const CONTOUR_WIDTH = 2;
const DARK = cssColor(INK);
const FRAME_COLOR = cssColor(INK, 0.45);

/**
 * The canvas's size on the page in CSS pixels: its layout size once it is laid out, its width and height
 * attributes before.
 */
function cssSize(canvas: HTMLCanvasElement): { width: number; height: number } {
  return canvas.clientWidth > 0 && canvas.clientHeight > 0
    ? { width: canvas.clientWidth, height: canvas.clientHeight }
    : { width: canvas.width, height: canvas.height };
}

/**
 * Sizes the canvas's pixels to its CSS size times `ratio` and returns its context drawing in CSS pixels.
 * When the pixels are resized, the CSS size is pinned first, so that a canvas without a CSS size does not
 * grow with its own pixels.
 */
function contextInCssPixels(canvas: HTMLCanvasElement, ratio: number): CanvasRenderingContext2D {
  const { width, height } = cssSize(canvas);
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
  }
  const context = canvas.getContext('2d')!;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  return context;
}

/**
 * The colour of each cell: for two classes the diverging scale on P(class 1), else the predicted class's
 * colour faded by how unsure the model is.
 */
function cellColors(boundary: BoundaryView, classCount: number): (cell: number) => Rgb {
  if (classCount <= 2) {
    const probabilities = boundary.probability.values;
    return (cell) => probabilityColor(probabilities[cell]!);
  }
  const { classOfCell, confidence } = boundary;
  return (cell) => categoricalColor(classOfCell[cell]!, confidence[cell]!, classCount);
}

function drawContour(context: CanvasRenderingContext2D, frame: PlotFrame, boundary: BoundaryView): void {
  const { size } = boundary.probability;
  const path = new Path2D();
  for (const { from, to } of contourSegments(boundary.probability, 0.5)) {
    const [x1, y1] = gridToPixel(frame, size, from.column, from.row);
    const [x2, y2] = gridToPixel(frame, size, to.column, to.row);
    path.moveTo(x1, y1);
    path.lineTo(x2, y2);
  }
  context.save();
  context.beginPath();
  context.rect(frame.left, frame.top, frame.width, frame.height);
  context.clip();
  context.lineWidth = CONTOUR_WIDTH;
  context.lineCap = 'round';
  context.strokeStyle = DARK;
  context.stroke(path);
  context.restore();
}

/** The frame, the ticks with their values, and the feature names under the x axis and left of the y axis. */
function drawAxes(
  context: CanvasRenderingContext2D,
  frame: PlotFrame,
  bounds: PlaneBounds,
  axes: readonly [string, string],
): void {
  const [xMin, xMax, yMin, yMax] = bounds;
  const bottom = frame.top + frame.height;
  context.save();
  context.strokeStyle = FRAME_COLOR;
  context.lineWidth = 1;
  context.strokeRect(frame.left - 0.5, frame.top - 0.5, frame.width + 1, frame.height + 1);
  context.fillStyle = DARK;
  context.strokeStyle = DARK;
  context.font = TICK_FONT;
  const ticks = new Path2D();
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const x of linearTicks(xMin, xMax, Math.max(2, Math.round(frame.width / 70)))) {
    const [px] = planeToPixel(frame, bounds, x, yMin);
    ticks.moveTo(px, bottom);
    ticks.lineTo(px, bottom + TICK_LENGTH);
    context.fillText(formatNumber(x), px, bottom + TICK_LENGTH + 2);
  }
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const y of linearTicks(yMin, yMax, Math.max(2, Math.round(frame.height / 60)))) {
    const [, py] = planeToPixel(frame, bounds, xMin, y);
    ticks.moveTo(frame.left, py);
    ticks.lineTo(frame.left - TICK_LENGTH, py);
    context.fillText(formatNumber(y), frame.left - TICK_LENGTH - 2, py);
  }
  context.stroke(ticks);
  context.font = AXIS_FONT;
  context.textAlign = 'center';
  context.textBaseline = 'bottom';
  context.fillText(axes[0], frame.left + frame.width / 2, bottom + BOUNDARY_MARGINS.bottom - 2);
  context.translate(2, frame.top + frame.height / 2);
  context.rotate(-Math.PI / 2);
  context.textBaseline = 'top';
  context.fillText(axes[1], 0, 0);
  context.restore();
}

/**
 * Draws the decision boundary of `boundary` over the plane of `data` on `canvas` (sized by its CSS size):
 * the heatmap (orange for class 0, white at P = 0.5, blue for class 1; for three or more classes the
 * predicted class's colour faded by uncertainty), the 0.5 contour for two classes, the axes, the train
 * points (filled) and the test points (light, ringed), and the legend above.
 * @example drawBoundary(document.querySelector('canvas')!, data, snapshot.boundary, { chosenTrainPoint: 3 });
 */
export function drawBoundary(
  canvas: HTMLCanvasElement,
  data: PlaneData,
  boundary: BoundaryView,
  options: BoundaryOptions = {},
): void {
  const ratio = options.pixelRatio ?? globalThis.devicePixelRatio ?? 1;
  const context = contextInCssPixels(canvas, ratio);
  const { width, height } = cssSize(canvas);
  const frame = boundaryFrame(width, height);
  const classCount = data.classes.length;
  const showTest = options.showTest ?? true;
  const toPixel = (x: number, y: number) => planeToPixel(frame, data.bounds, x, y);

  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  // For three or more classes the cells are read from classOfCell, whose grid is as wide as its square root.
  const cellsAcross =
    classCount <= 2 ? boundary.probability.size : Math.round(Math.sqrt(boundary.classOfCell.length));
  drawGridImage(context, cellsAcross, cellColors(boundary, classCount), frame);
  if (classCount <= 2) drawContour(context, frame, boundary);
  drawAxes(context, frame, data.bounds, data.axes);

  context.save();
  context.beginPath();
  context.rect(frame.left, frame.top, frame.width, frame.height);
  context.clip();
  drawPoints(context, data.train, 'train', classCount, toPixel);
  if (showTest) drawPoints(context, data.test, 'test', classCount, toPixel);
  const chosen = options.chosenTrainPoint;
  if (chosen !== undefined && chosen >= 0 && chosen < data.train.labels.length) {
    drawChosenPoint(context, toPixel(data.train.xy[2 * chosen]!, data.train.xy[2 * chosen + 1]!));
  }
  context.restore();
  drawLegend(context, data.classes, showTest, LEGEND_LEFT, BOUNDARY_MARGINS.top / 2, width - 2 * LEGEND_LEFT);
}

/**
 * The data coordinates under CSS pixel (offsetX, offsetY) of a canvas drawn by `drawBoundary` (a mouse
 * event's offsetX / offsetY).
 * @example canvasToData(canvas, data.bounds, event.offsetX, event.offsetY); // [0.42, -1.3]
 */
export function canvasToData(
  canvas: HTMLCanvasElement,
  bounds: PlaneBounds,
  offsetX: number,
  offsetY: number,
): [number, number] {
  const { width, height } = cssSize(canvas);
  return pixelToPlane(boundaryFrame(width, height), bounds, offsetX, offsetY);
}

/**
 * The index of the training point drawn nearest to CSS pixel (offsetX, offsetY), if one is within
 * `withinPixels` of it (distance on screen, so axes of different scales do not matter).
 * @example pointNearest(canvas, data, event.offsetX, event.offsetY); // 17, or undefined off the points
 */
export function pointNearest(
  canvas: HTMLCanvasElement,
  data: PlaneData,
  offsetX: number,
  offsetY: number,
  withinPixels = 12,
): number | undefined {
  const { width, height } = cssSize(canvas);
  const frame = boundaryFrame(width, height);
  let nearest: number | undefined;
  let nearestSquared = withinPixels * withinPixels;
  const { xy, labels } = data.train;
  for (let i = 0; i < labels.length; i++) {
    const [px, py] = planeToPixel(frame, data.bounds, xy[2 * i]!, xy[2 * i + 1]!);
    const squared = (px - offsetX) ** 2 + (py - offsetY) ** 2;
    if (squared <= nearestSquared) {
      nearest = i;
      nearestSquared = squared;
    }
  }
  return nearest;
}
