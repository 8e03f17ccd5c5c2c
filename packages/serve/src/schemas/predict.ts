/** The `POST /predict` contract: rows of raw feature values in, a class and probabilities per row out. */
import { z } from '@hono/zod-openapi';

/** The example value of feature j in example row 0 or 1, the same in every route's examples. */
export const exampleValue = (row: number, j: number) =>
  [
    [0.5, -0.2],
    [1.5, -0.4],
  ][row]![j % 2]!;

const RowSchema = z.union(
  [
    z
      .array(z.number())
      .openapi({ description: "Feature values in the model's feature order", example: [0.5, -0.2] }),
    z
      .record(z.string(), z.number())
      .openapi({ description: 'Feature values by feature name', example: { x1: 0.5, x2: -0.2 } }),
  ],
  { error: 'expected a row: a list of numbers, or an object of numbers by feature name' },
);

/** Two example rows for a model with these features: one in feature order, one by name. */
function exampleRows(featureNames: readonly string[]) {
  return [
    featureNames.map((_, j) => exampleValue(0, j)),
    Object.fromEntries(featureNames.map((name, j) => [name, exampleValue(1, j)])),
  ];
}

/** The request body, with the rows limit of this service; the example fits its default model. */
export const predictRequestSchema = (maxRows: number, featureNames: readonly string[]) =>
  z
    .strictObject({
      rows: z
        .array(RowSchema)
        .min(1, { error: 'no rows; send at least one' })
        .max(maxRows, {
          error: (issue) =>
            `${(issue.input as unknown[]).length} rows; this service takes at most ${maxRows} per request (--max-rows)`,
        })
        .openapi({
          description:
            "Rows of raw feature values, in the data's own units: the service applies the run's standardization",
        }),
    })
    .openapi('PredictRequest', { example: { rows: exampleRows(featureNames) } });

/** The answer; the example names the default model and its classes. */
export const predictResponseSchema = (model: string, classes: readonly string[]) =>
  z
    .object({
      model: z.string().openapi({ example: model }),
      classes: z.array(z.string()).openapi({ example: [...classes] }),
      predictions: z.array(
        z.object({
          class: z.string().openapi({ example: classes.at(-1)! }),
          probabilities: z.array(z.number()).openapi({
            description: 'One per class, in the order of `classes`',
            example: classes.map((_, k) =>
              k === classes.length - 1 ? 1 - 0.02 * (classes.length - 1) : 0.02,
            ),
          }),
        }),
      ),
    })
    .openapi('PredictResponse');
