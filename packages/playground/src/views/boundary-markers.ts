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

/** Draws one marker of `kind` and `color` centred at (x, y). */
function drawMarker(
  context: CanvasRenderingContext2D,
  x: number,
  y: number,
  kind: PointKind,
  color: Rgb,
): void {
  const radius = kind === 'train' ? TRAIN_RADIUS : TEST_RADIUS;
  const circle = circlesPath([[x, y]], radius);
  // The halo is a wide white stroke whose outer edge lies HALO_WIDTH beyond the dark outline; its inner
  // half is covered by the fill and the outline drawn after it.
  const outlineOuter = kind === 'train' ? OUTLINE_WIDTH / 2 : TEST_RING_WIDTH / 2 + OUTLINE_WIDTH;
  context.lineWidth = 2 * (outlineOuter + HALO_WIDTH);
  context.strokeStyle = HALO;
  context.stroke(circle);
  if (kind === 'train') {
    context.fillStyle = cssColor(color);
    context.fill(circle);
    context.lineWidth = OUTLINE_WIDTH;
    context.strokeStyle = DARK;
    context.stroke(circle);
    return;
  }
  context.fillStyle = cssColor(WHITE);
  context.fill(circle);
  context.lineWidth = OUTLINE_WIDTH;
  context.strokeStyle = DARK;
  context.stroke(circlesPath([[x, y]], radius + TEST_RING_WIDTH / 2 + OUTLINE_WIDTH / 2));
  context.lineWidth = TEST_RING_WIDTH;
  context.strokeStyle = cssColor(color);
  context.stroke(circle);
}

/** Half the side of a marker's sprite, in CSS pixels: the largest marker with its halo, and a pixel to spare. */
const SPRITE_HALF = TEST_RADIUS + TEST_RING_WIDTH / 2 + OUTLINE_WIDTH + HALO_WIDTH + 1;
/** Each marker drawn once per kind, colour and pixel ratio; stroking hundreds of arcs per frame costs ~0.1 ms a point. */
const sprites = new Map<string, HTMLCanvasElement>();

function markerSprite(kind: PointKind, color: Rgb, ratio: number): HTMLCanvasElement {
  const key = `${kind} ${color.join(' ')} ${ratio}`;
  let sprite = sprites.get(key);
  if (sprite === undefined) {
    sprite = document.createElement('canvas');
    sprite.width = sprite.height = Math.ceil(2 * SPRITE_HALF * ratio);
    const context = sprite.getContext('2d')!;
    context.scale(ratio, ratio);
    drawMarker(context, SPRITE_HALF, SPRITE_HALF, kind, color);
    sprites.set(key, sprite);
  }
  return sprite;
}

/** Draws markers of one kind and colour at the given pixels, copying its sprite at whole device pixels (no blur). */
function drawMarkers(
  context: CanvasRenderingContext2D,
  centres: readonly (readonly [number, number])[],
  kind: PointKind,
  color: Rgb,
): void {
  if (centres.length === 0) return;
  const ratio = context.getTransform().a;
  const sprite = markerSprite(kind, color, ratio);
  const side = sprite.width / ratio;
  for (const [x, y] of centres) {
    context.drawImage(
      sprite,
      Math.round((x - SPRITE_HALF) * ratio) / ratio,
      Math.round((y - SPRITE_HALF) * ratio) / ratio,
      side,
      side,
    );
  }
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
 * The widest a class name may be for the legend to fit in `available` pixels: no limit when every name
 * fits; else the largest limit w such that the names shortened to w fit (the long names shortened first).
 */
function nameLimit(widths: readonly number[], available: number): number {
  const total = (limit: number) => widths.reduce((sum, width) => sum + Math.min(width, limit), 0);
  if (total(Number.POSITIVE_INFINITY) <= available) return Number.POSITIVE_INFINITY;
  let low = 0;
  let high = widths.reduce((most, width) => Math.max(most, width), 0);
  for (let step = 0; step < 20; step++) {
    const middle = (low + high) / 2;
    if (total(middle) <= available) low = middle;
    else high = middle;
  }
  return Math.max(20, low);
}

/**
 * The legend, one row from (left, middle y) to at most `maxWidth` pixels: a train marker per class with its
 * name, then "train" (filled) and "test" (outlined) in grey, or only "train" when the test points are hidden.
 * When the names do not fit, the longest are shortened with an ellipsis.
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
  // The widest marker (a test point with its ring and outline), then a gap before its label.
  const markerHalf = TEST_RADIUS + TEST_RING_WIDTH / 2 + OUTLINE_WIDTH;
  const markerSpace = 2 * markerHalf + 4;
  const entryWidth = (label: string) => markerSpace + context.measureText(label).width + LEGEND_GAP;
  const kindsWidth = kinds.reduce((width, kind) => width + entryWidth(kind), 0);
  const limit = nameLimit(
    classes.map((name) => context.measureText(name).width),
    maxWidth - kindsWidth - classes.length * (markerSpace + LEGEND_GAP),
  );
  const entries: { label: string; kind: PointKind; color: Rgb }[] = [
    ...classes.map((name, index) => ({
      label: fitText(context, name, limit),
      kind: 'train' as const,
      color: classColor(index, classes.length),
    })),
    ...kinds.map((kind) => ({ label: kind, kind, color: NEUTRAL })),
  ];
  let x = left;
  for (const entry of entries) {
    drawMarkers(context, [[x + markerHalf, y]], entry.kind, entry.color);
    context.fillStyle = DARK;
    context.fillText(entry.label, x + markerSpace, y);
    x += entryWidth(entry.label);
  }
  context.restore();
}
