/**
 * The data points on the boundary plot and their legend. The markers must read on any background, since the
 * region under a point may be its own class's colour, the other's, or white:
 * - a train point is filled with its class colour inside a dark ring, itself inside a thin white halo: the
 *   dark ring shows on white and orange, the halo on the darker blue;
 * - a test point is white inside a thick ring of its class colour, with a dark outer stroke and the same
 *   halo: a light centre says "held out" on every background.
 */
import type { PlotPoints } from '../snapshot.ts';
import { classColor, cssColor, INK, type Rgb, WHITE } from './colors.ts';

export type PointKind = 'train' | 'test';

/** Marker radii and strokes, in CSS pixels. */
const TRAIN_RADIUS = 4;
const TEST_RADIUS = 4.5;
const TEST_RING_WIDTH = 2.5;
const OUTLINE_WIDTH = 1.25;
const HALO_WIDTH = 1.5;
const CHOSEN_RADIUS = 9;
const LEGEND_FONT = '12px system-ui, sans-serif';
const LEGEND_GAP = 14;
const HALO = cssColor(WHITE, 0.85);
const DARK = cssColor(INK);
const NEUTRAL: Rgb = [154, 165, 177];

/** A path of circles of `radius` around each pixel of `centres`. */
function circlesPath(centres: readonly (readonly [number, number])[], radius: number): Path2D {
  const path = new Path2D();
  for (const [x, y] of centres) {
    path.moveTo(x + radius, y);
    path.arc(x, y, radius, 0, 2 * Math.PI);
  }
  return path;
}

/** Draws markers of one kind and colour at the given pixels: a few batched strokes and fills, whatever their number. */
function drawMarkers(
  context: CanvasRenderingContext2D,
  centres: readonly (readonly [number, number])[],
  kind: PointKind,
  color: Rgb,
): void {
  if (centres.length === 0) return;
  const radius = kind === 'train' ? TRAIN_RADIUS : TEST_RADIUS;
  const circles = circlesPath(centres, radius);
  // The halo is a wide white stroke whose outer edge lies HALO_WIDTH beyond the dark outline; its inner
  // half is covered by the fill and the outline drawn after it.
  const outlineOuter = kind === 'train' ? OUTLINE_WIDTH / 2 : TEST_RING_WIDTH / 2 + OUTLINE_WIDTH;
  context.lineWidth = 2 * (outlineOuter + HALO_WIDTH);
  context.strokeStyle = HALO;
  context.stroke(circles);
  if (kind === 'train') {
    context.fillStyle = cssColor(color);
    context.fill(circles);
    context.lineWidth = OUTLINE_WIDTH;
    context.strokeStyle = DARK;
    context.stroke(circles);
    return;
  }
  context.fillStyle = cssColor(WHITE);
  context.fill(circles);
  context.lineWidth = OUTLINE_WIDTH;
  context.strokeStyle = DARK;
  context.stroke(circlesPath(centres, radius + TEST_RING_WIDTH / 2 + OUTLINE_WIDTH / 2));
  context.lineWidth = TEST_RING_WIDTH;
  context.strokeStyle = cssColor(color);
  context.stroke(circles);
}

/**
 * Draws `points`, one batch per class, at the pixels `toPixel` gives for their data coordinates.
 * @example drawPoints(context, data.train, 'train', data.classes.length, (x, y) => planeToPixel(frame, bounds, x, y));
 */
export function drawPoints(
  context: CanvasRenderingContext2D,
  points: PlotPoints,
  kind: PointKind,
  classCount: number,
  toPixel: (x: number, y: number) => [number, number],
): void {
  const byClass = new Map<number, [number, number][]>();
  for (let i = 0; i < points.labels.length; i++) {
    const label = points.labels[i]!;
    let centres = byClass.get(label);
    if (centres === undefined) {
      centres = [];
      byClass.set(label, centres);
    }
    centres.push(toPixel(points.xy[2 * i]!, points.xy[2 * i + 1]!));
  }
  for (const [label, centres] of [...byClass].sort(([a], [b]) => a - b)) {
    drawMarkers(context, centres, kind, classColor(label, classCount));
  }
}

/** Marks the chosen training point with a ring around it: white inside dark, legible on any region. */
export function drawChosenPoint(context: CanvasRenderingContext2D, centre: readonly [number, number]): void {
  const ring = circlesPath([centre], CHOSEN_RADIUS);
  context.lineWidth = 4;
  context.strokeStyle = HALO;
  context.stroke(ring);
  context.lineWidth = 2;
  context.strokeStyle = DARK;
  context.stroke(ring);
}

/** Shortens `text` with an ellipsis until it is at most `maxWidth` pixels wide in the context's font. */
function fitText(context: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (context.measureText(text).width <= maxWidth) return text;
  let kept = text.length;
  while (kept > 1 && context.measureText(`${text.slice(0, kept)}…`).width > maxWidth) kept--;
  return `${text.slice(0, kept)}…`;
}

/**
 * The legend, one row from (left, middle y) to at most `maxWidth` pixels: a train marker per class with its
 * name, then "train" (filled) and "test" (outlined) in grey, or only "train" when the test points are hidden.
 * Long class names are shortened to fit.
 */
export function drawLegend(
  context: CanvasRenderingContext2D,
  classes: readonly string[],
  showTest: boolean,
  left: number,
  y: number,
  maxWidth: number,
): void {
  context.save();
  context.font = LEGEND_FONT;
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  const kinds: PointKind[] = showTest ? ['train', 'test'] : ['train'];
  const markerSpace = 2 * TEST_RADIUS + 6;
  const kindsWidth = kinds.reduce(
    (width, kind) => width + markerSpace + context.measureText(kind).width + LEGEND_GAP,
    0,
  );
  const nameWidth = Math.max(
    24,
    (maxWidth - kindsWidth) / Math.max(1, classes.length) - markerSpace - LEGEND_GAP,
  );
  const entries: { label: string; kind: PointKind; color: Rgb }[] = [
    ...classes.map((name, index) => ({
      label: fitText(context, name, nameWidth),
      kind: 'train' as const,
      color: classColor(index, classes.length),
    })),
    ...kinds.map((kind) => ({ label: kind, kind, color: NEUTRAL })),
  ];
  let x = left;
  for (const entry of entries) {
    drawMarkers(context, [[x + TEST_RADIUS, y]], entry.kind, entry.color);
    context.fillStyle = DARK;
    context.fillText(entry.label, x + markerSpace - 2, y);
    x += markerSpace + context.measureText(entry.label).width + LEGEND_GAP;
  }
  context.restore();
}
