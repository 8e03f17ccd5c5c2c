/**
 * The playground's colour scales, as pure functions of numbers. Two classes read as TF Playground's orange
 * (class 0) and blue (class 1), a pair that stays apart for every common colour-vision deficiency; more
 * classes take the Okabe-Ito palette, built for the same reason, with its orange and blue first so that
 * class 0 and class 1 keep their colours whatever the number of classes.
 */

/** A colour as 0-255 red, green, blue. */
export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
/** Class 0, negative values: TF Playground's orange, #f59322. */
export const ORANGE: Rgb = [245, 147, 34];
/** Class 1, positive values: TF Playground's blue, #0877bd. */
export const BLUE: Rgb = [8, 119, 189];
/** The ink of outlines, axes and text. */
export const INK: Rgb = [31, 41, 51];
/** A weight of zero on the white page: a light grey, so that a small weight is still a visible line. */
export const NEUTRAL_GREY: Rgb = [207, 212, 218];

/** One colour per class for three or more classes: orange, blue, then Okabe-Ito's others, then repeated. */
export const CLASS_PALETTE: readonly Rgb[] = [
  ORANGE,
  BLUE,
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
  [213, 94, 0], // vermillion
  [86, 180, 233], // sky blue
  [240, 228, 66], // yellow
  [102, 102, 102], // grey
];

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * `from` moved toward `to` by `amount` in [0, 1] (0 gives `from`, 1 gives `to`), per channel and rounded:
 * from + amount * (to - from).
 * @example mix([255, 255, 255], [0, 0, 0], 0.5); // [128, 128, 128]
 */
export function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  const t = clamp(amount, 0, 1);
  return [
    Math.round(from[0] + t * (to[0] - from[0])),
    Math.round(from[1] + t * (to[1] - from[1])),
    Math.round(from[2] + t * (to[2] - from[2])),
  ];
}

/**
 * The diverging scale on t in [-1, 1]: -1 is orange, 0 white, +1 blue, linear in between (t outside is
 * clamped; NaN is white). Every two-sided quantity the playground colours goes through it.
 * @example divergingColor(-0.5); // [250, 201, 145]: orange, half way to white
 */
export function divergingColor(t: number): Rgb {
  if (Number.isNaN(t)) return WHITE;
  return t < 0 ? mix(WHITE, ORANGE, -t) : mix(WHITE, BLUE, t);
}

/**
 * The colour of P(class 1) = `probability` for two classes: orange at 0, white at 0.5, blue at 1, i.e. the
 * diverging scale at t = 2p - 1.
 * @example probabilityColor(0.75); // [132, 187, 222]: blue, half way from white
 */
export function probabilityColor(probability: number): Rgb {
  return divergingColor(2 * probability - 1);
}

/**
 * The colour of class `index` for three or more classes (the palette repeats after eight).
 * @example classColor(2, 3); // [0, 158, 115]
 */
export function classColor(index: number, classCount: number): Rgb {
  if (classCount <= 2) return index === 0 ? ORANGE : BLUE;
  return CLASS_PALETTE[((index % CLASS_PALETTE.length) + CLASS_PALETTE.length) % CLASS_PALETTE.length]!;
}

/**
 * A cell predicted as class `index` with probability `confidence` among `classCount` classes: the class
 * colour mixed toward white by how unsure the model is. Sureness is rescaled so that the least sure a
 * prediction can be (1 / k, every class equally likely) is white and certainty is the full colour:
 * whiteness = (1 - confidence) * k / (k - 1). For two classes this is exactly `probabilityColor`, so the
 * picture does not change character between two and three classes.
 * @example categoricalColor(2, 1, 3); // [0, 158, 115]
 * @example categoricalColor(2, 2 / 3, 3); // [128, 207, 185]: half way, as 2/3 is half way from 1/3 to 1
 */
export function categoricalColor(index: number, confidence: number, classCount: number): Rgb {
  const classes = Math.max(2, classCount);
  const whiteness = ((1 - confidence) * classes) / (classes - 1);
  return mix(classColor(index, classes), WHITE, whiteness);
}

/**
 * The colour of a weight (or bias): orange for negative, blue for positive, from a light grey at zero to
 * the full colour at |weight| >= `fullAt`.
 * @example weightColor(-2, 2); // [245, 147, 34]
 * @example weightColor(0.5, 1); // [108, 166, 204]
 */
export function weightColor(weight: number, fullAt = 1): Rgb {
  if (!Number.isFinite(weight)) return INK;
  const strength = Math.min(1, Math.abs(weight) / fullAt);
  return mix(NEUTRAL_GREY, weight < 0 ? ORANGE : BLUE, strength);
}

/**
 * A colour as CSS: `rgb(r g b)`, or `rgb(r g b / alpha)` when `alpha` is given.
 * @example cssColor([245, 147, 34]); // 'rgb(245 147 34)'
 */
export function cssColor(color: Rgb, alpha?: number): string {
  const channels = `${color[0]} ${color[1]} ${color[2]}`;
  return alpha === undefined ? `rgb(${channels})` : `rgb(${channels} / ${alpha})`;
}
