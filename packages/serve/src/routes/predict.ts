/** `POST /predict` (the default model) and `POST /models/{name}/predict`. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HttpError } from '../http-error.ts';
import { parsedBody } from '../json-body.ts';
import { packRows, type RequestRow } from '../request-rows.ts';
import { bodyErrorResponses, errorResponse, modelNameParams } from '../schemas/common.ts';
import { predictRequestSchema, predictResponseSchema } from '../schemas/predict.ts';
import { nonNumberRowMessage, type ServedModel } from '../served-model.ts';
import type { Service } from '../service.ts';

/** The answer for rows: per row its class name and its probabilities in the order of `classes`. */
async function predictRows(service: Service, model: ServedModel, rows: readonly RequestRow[]) {
  const values = packRows(rows, model);
  const { classIndices, probabilities, nonNumberRows } = await service.predict(model, values, rows.length);
  if (nonNumberRows.length > 0) throw new HttpError(400, nonNumberRowMessage(`rows[${nonNumberRows[0]}]`));
  const classCount = model.classes.length;
  const predictions = Array.from({ length: rows.length }, (_, r) => ({
    class: model.classes[classIndices[r]!]!,
    probabilities: Array.from(probabilities.subarray(r * classCount, (r + 1) * classCount)),
  }));
  return { model: model.name, classes: [...model.classes], predictions };
}

/** The rows of a body the schema has accepted, as the client sent them (see parsedBody). */
function validRows(c: Context): readonly RequestRow[] {
  return (parsedBody(c) as { rows: RequestRow[] }).rows;
}

export function addPredictRoutes(app: OpenAPIHono, service: Service): void {
  const body = {
    content: {
      'application/json': {
        schema: predictRequestSchema(service.options.maxRows, service.defaultModel.featureNames),
      },
    },
    required: true,
  };
  const responses = {
    200: {
      content: {
        'application/json': {
          schema: predictResponseSchema(service.defaultModel.name, service.defaultModel.classes),
        },
      },
      description: 'One prediction per row: the class and the probability of each class',
    },
    ...bodyErrorResponses,
  };
  app.openapi(
    createRoute({
      method: 'post',
      path: '/predict',
      tags: ['predict'],
      summary: `Predict with the default model (${service.defaultModel.name})`,
      request: { body },
      responses,
    }),
    async (c) => c.json(await predictRows(service, service.defaultModel, validRows(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/models/{name}/predict',
      tags: ['predict'],
      summary: 'Predict with the model called name',
      request: { params: modelNameParams(service.defaultModel.name), body },
      responses: { ...responses, 404: errorResponse('No model of that name') },
    }),
    async (c) => {
      const model = service.model(c.req.valid('param').name);
      return c.json(await predictRows(service, model, validRows(c)), 200);
    },
  );
}
