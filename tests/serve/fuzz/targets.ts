/**
 * What the fuzz aims at: the fixture app's models with their features, its routes with their methods,
 * and valid rows and requests that the generators then break in one place.
 */
import type { FixtureName } from '../support.ts';
import type { Method } from './fuzz-case.ts';
import type { Picker } from './picker.ts';

export interface ModelTarget {
  readonly name: FixtureName;
  readonly features: readonly [string, string];
}

export const MODELS: readonly ModelTarget[] = [
  { name: 'moons', features: ['x1', 'x2'] },
  { name: 'blobs', features: ['x1', 'x2'] },
  { name: 'fruit', features: ['weight_g', 'diameter_cm'] },
];

/** The service's limits in the fuzz: small, so that an oversized body is cheap to send. */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_ROWS = 50;

/** A route that takes rows: `/predict` (moons, the default model) or `/models/{name}/predict`. */
export interface PredictTarget {
  readonly path: string;
  readonly model: ModelTarget;
}

export function predictTarget(pick: Picker): PredictTarget {
  const model = pick.pick(MODELS);
  if (model.name === 'moons' && pick.chance(0.5)) return { path: '/predict', model };
  return { path: `/models/${model.name}/predict`, model };
}

export const inferPath = (model: ModelTarget) => `/v2/models/${model.name}/infer`;

/** Any route that takes a JSON body. */
export function postPath(pick: Picker): string {
  return pick.chance(0.5) ? predictTarget(pick).path : inferPath(pick.pick(MODELS));
}

/** A concrete path of each route, with the methods it answers as its 405's Allow header lists them. */
export function routes(pick: Picker): readonly { path: string; methods: readonly Method[]; allow: string }[] {
  const model = pick.pick(MODELS).name;
  const post = { methods: ['POST'], allow: 'POST' } as const;
  const get = { methods: ['GET'], allow: 'GET, HEAD' } as const;
  return [
    { path: '/predict', ...post },
    { path: `/models/${model}/predict`, ...post },
    { path: `/v2/models/${model}/infer`, ...post },
    { path: '/v2', ...get },
    { path: '/v2/health/live', ...get },
    { path: '/v2/health/ready', ...get },
    { path: `/v2/models/${model}`, ...get },
    { path: `/v2/models/${model}/ready`, ...get },
    { path: '/health', ...get },
    { path: '/metrics', ...get },
    { path: '/openapi.json', ...get },
    { path: '/docs', ...get },
    { path: `/docs/${pick.pick(['swagger-ui.css', 'swagger-ui-bundle.js', 'index.html'])}`, ...get },
  ];
}

/** A valid row for `model`: its two values as a list, or as an object by feature name. */
export function validRow(pick: Picker, model: ModelTarget): number[] | Record<string, number> {
  const values = [pick.number(), pick.number()];
  if (pick.chance(0.5)) return values;
  const [first, second] = model.features;
  return pick.chance(0.5)
    ? { [first]: values[0]!, [second]: values[1]! }
    : { [second]: values[1]!, [first]: values[0]! };
}

export const validRows = (pick: Picker, model: ModelTarget, count: number) =>
  Array.from({ length: count }, () => validRow(pick, model));

/** A KServe v2 input tensor as the generators build it, before they break it. */
export interface InferInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: 'FP64' | 'FP32';
  /** Row-major values, flat (`[a, b, c, d]`) or nested by row (`[[a, b], [c, d]]`). */
  readonly data: unknown[];
}

export interface InferRequest {
  readonly id?: string;
  readonly inputs: readonly InferInput[];
  readonly outputs?: readonly { readonly name: string }[];
}

/** The largest value the generators put in FP32 data: float32 holds up to 3.4e38. */
const FP32_LIMIT = 1e38;

/** A valid KServe v2 inference request for `rows` rows: data flat or nested, optional id and outputs. */
export function validInferRequest(
  pick: Picker,
  rows: number,
  datatype: InferInput['datatype'] = pick.pick(['FP64', 'FP32'] as const),
): InferRequest {
  const limit = datatype === 'FP32' ? FP32_LIMIT : undefined;
  const matrix = Array.from({ length: rows }, () => [pick.number(limit), pick.number(limit)]);
  const input: InferInput = {
    name: 'input',
    shape: [rows, 2],
    datatype,
    data: pick.chance(0.5) ? matrix.flat() : matrix,
  };
  return {
    ...(pick.chance(0.3) ? { id: pick.text(pick.int(0, 12)) } : {}),
    inputs: [input],
    ...(pick.chance(0.3) ? { outputs: [{ name: 'probabilities' }] } : {}),
  };
}
