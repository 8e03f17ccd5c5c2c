/** The `POST /predict` contract: rows of raw feature values in, a class and probabilities per row out. */
import { z } from '@hono/zod-openapi';

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

/** The request body, with the rows limit of this service. */
export const predictRequestSchema = (maxRows: number) =>
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
    .openapi('PredictRequest', { example: { rows: [[0.5, -0.2], { x1: 1.5, x2: -0.4 }] } });

export const PredictResponseSchema = z
  .object({
    model: z.string().openapi({ example: 'main' }),
    classes: z.array(z.string()).openapi({ example: ['0', '1'] }),
    predictions: z.array(
      z.object({
        class: z.string().openapi({ example: '1' }),
        probabilities: z
          .array(z.number())
          .openapi({ description: 'One per class, in the order of `classes`', example: [0.02, 0.98] }),
      }),
    ),
  })
  .openapi('PredictResponse');
