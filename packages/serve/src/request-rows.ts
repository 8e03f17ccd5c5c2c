/**
 * The rows of a request as the model's input: checked against its features and packed row-major into one
 * Float64Array. The schema has already checked that each value is a finite number.
 */
import { describeValue, HttpError } from './http-error.ts';
import type { ServedModel } from './served-model.ts';

export type RequestRow = readonly number[] | Readonly<Record<string, number>>;

const featureList = (model: ServedModel) => model.featureNames.join(', ');

/**
 * Rows given as lists (in the model's feature order) or as objects by feature name, as [rows * features]
 * values; a row of the wrong length or with a missing or unknown feature is a 400 naming the row.
 * @example packRows([[0.5, -0.2], { x1: 1, x2: 0 }], model); // Float64Array [0.5, -0.2, 1, 0]
 */
export function packRows(rows: readonly RequestRow[], model: ServedModel): Float64Array {
  const features = model.featureCount;
  const values = new Float64Array(rows.length * features);
  rows.forEach((row, r) => {
    const offset = r * features;
    if (Array.isArray(row)) {
      if (row.length !== features) {
        throw new HttpError(
          400,
          `rows[${r}]: ${row.length} values, the model "${model.name}" takes ${features} (${featureList(model)})`,
        );
      }
      for (let j = 0; j < features; j++) values[offset + j] = row[j]!;
      return;
    }
    const named = row as Readonly<Record<string, number>>;
    model.featureNames.forEach((feature, j) => {
      const value = named[feature];
      if (value === undefined || !Object.hasOwn(named, feature)) {
        throw new HttpError(
          400,
          `rows[${r}]: no value for feature "${feature}"; the model takes ${featureList(model)}`,
        );
      }
      values[offset + j] = value;
    });
    const keys = Object.keys(named);
    if (keys.length !== features) {
      const unknown = keys.find((key) => !model.featureNames.includes(key));
      throw new HttpError(
        400,
        `rows[${r}]: unknown feature ${describeValue(unknown)}; the model takes ${featureList(model)}`,
      );
    }
  });
  return values;
}
