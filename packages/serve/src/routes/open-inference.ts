/**
 * The Open Inference Protocol (KServe v2) REST routes: server metadata and health, model metadata and
 * readiness, and inference with one input tensor [N, features] (FP64 or FP32, row-major data, flat or
 * nested) answered by one output tensor `probabilities` [N, classes] in FP64.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { describeValue, HttpError } from '../http-error.ts';
import { bodyErrorResponses, errorResponse, modelNameParams } from '../schemas/common.ts';
import {
  InferResponseSchema,
  inferRequestSchema,
  LiveSchema,
  ModelMetadataSchema,
  ModelReadySchema,
  ReadySchema,
  ServerMetadataSchema,
} from '../schemas/open-inference.ts';
import { nonNumberRowMessage, type ServedModel } from '../served-model.ts';
import type { Service } from '../service.ts';

const INPUT_NAME = 'input';
const OUTPUT_NAME = 'probabilities';

const json = <T>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/**
 * The values of an input tensor's `data`, flat or nested, as float64 (FP32 values rounded to float32
 * first, as a client holding float32 would have them); each must be a finite number.
 */
function tensorValues(
  data: readonly unknown[],
  count: number,
  rank: number,
  datatype: 'FP64' | 'FP32',
): Float64Array {
  const values = new Float64Array(count);
  let filled = 0;
  // An explicit stack, as deep as the shape has axes: a list nested deeper is refused where it starts.
  const stack: { list: readonly unknown[]; next: number; path: string }[] = [
    { list: data, next: 0, path: 'inputs[0].data' },
  ];
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    if (top.next === top.list.length) {
      stack.pop();
      continue;
    }
    const index = top.next++;
    const value = top.list[index];
    const path = `${top.path}[${index}]`;
    if (Array.isArray(value)) {
      if (stack.length === rank) {
        throw new HttpError(400, `${path}: a list nested deeper than the shape's ${rank} axes`);
      }
      stack.push({ list: value, next: 0, path });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new HttpError(400, `${path}: expected a finite number, got ${describeValue(value)}`);
    }
    if (filled === count)
      throw new HttpError(400, `inputs[0].data: more than the ${count} values its shape holds`);
    const stored = datatype === 'FP32' ? Math.fround(value) : value;
    if (!Number.isFinite(stored)) {
      throw new HttpError(400, `${path}: ${value} is beyond the range of FP32 (3.4e38); send it as FP64`);
    }
    values[filled++] = stored;
  }
  if (filled !== count) {
    throw new HttpError(400, `inputs[0].data: ${filled} values, but its shape holds ${count}`);
  }
  return values;
}

function modelMetadata(model: ServedModel) {
  return {
    name: model.name,
    versions: ['1'],
    platform: 'tapegrad',
    inputs: [{ name: INPUT_NAME, datatype: 'FP64', shape: [-1, model.featureCount] }],
    outputs: [{ name: OUTPUT_NAME, datatype: 'FP64', shape: [-1, model.classes.length] }],
  };
}

export function addOpenInferenceRoutes(app: OpenAPIHono, service: Service, version: string): void {
  const tags = ['Open Inference Protocol (KServe v2)'];
  const ModelNameParams = modelNameParams(service.defaultModel.name);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v2',
      tags,
      summary: 'Server metadata',
      responses: { 200: json(ServerMetadataSchema, 'The server name, version and extensions') },
    }),
    (c) => c.json({ name: 'tapegrad', version, extensions: [] }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v2/health/live',
      tags,
      summary: 'Liveness',
      responses: { 200: json(LiveSchema, 'The server is running') },
    }),
    (c) => c.json({ live: true }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v2/health/ready',
      tags,
      summary: 'Readiness',
      responses: { 200: json(ReadySchema, 'Every model is loaded and ready') },
    }),
    (c) => c.json({ ready: true }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v2/models/{name}',
      tags,
      summary: "A model's metadata: its input and output tensors",
      request: { params: ModelNameParams },
      responses: {
        200: json(ModelMetadataSchema, 'The metadata'),
        404: errorResponse('No model of that name'),
      },
    }),
    (c) => c.json(modelMetadata(service.model(c.req.valid('param').name)), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v2/models/{name}/ready',
      tags,
      summary: "A model's readiness",
      request: { params: ModelNameParams },
      responses: {
        200: json(ModelReadySchema, 'The model is ready'),
        404: errorResponse('No model of that name'),
      },
    }),
    (c) => c.json({ name: service.model(c.req.valid('param').name).name, ready: true }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v2/models/{name}/infer',
      tags,
      summary: 'Inference: one input tensor [N, features], one output tensor of probabilities [N, classes]',
      request: {
        params: ModelNameParams,
        body: {
          content: { 'application/json': { schema: inferRequestSchema(service.defaultModel.featureCount) } },
          required: true,
        },
      },
      responses: {
        200: json(InferResponseSchema, 'The probabilities, FP64, row-major'),
        ...bodyErrorResponses,
        404: errorResponse('No model of that name'),
      },
    }),
    async (c) => {
      const model = service.model(c.req.valid('param').name);
      const request = c.req.valid('json');
      const input = request.inputs[0]!;
      if (input.name !== INPUT_NAME) {
        throw new HttpError(
          400,
          `inputs[0].name: ${JSON.stringify(input.name)} is not an input of model "${model.name}"; its input is "${INPUT_NAME}"`,
        );
      }
      const [rows, features] = input.shape;
      if (input.shape.length !== 2 || rows === 0 || features !== model.featureCount) {
        throw new HttpError(
          400,
          `inputs[0].shape: [${input.shape.join(', ')}]; model "${model.name}" takes [N, ${model.featureCount}] with N >= 1`,
        );
      }
      if (rows! > service.options.maxRows) {
        throw new HttpError(
          400,
          `inputs[0].shape: ${rows} rows; this service takes at most ${service.options.maxRows} per request (--max-rows)`,
        );
      }
      const unknownOutput = request.outputs?.find((output) => output.name !== OUTPUT_NAME);
      if (unknownOutput !== undefined) {
        throw new HttpError(
          400,
          `outputs: ${JSON.stringify(unknownOutput.name)} is not an output of model "${model.name}"; its output is "${OUTPUT_NAME}"`,
        );
      }
      const values = tensorValues(input.data, rows! * features, input.shape.length, input.datatype);
      const { probabilities, nonNumberRows } = await service.predict(model, values, rows!);
      if (nonNumberRows.length > 0) {
        throw new HttpError(400, nonNumberRowMessage(`inputs[0].data, row ${nonNumberRows[0]}`));
      }
      const output = {
        name: OUTPUT_NAME,
        shape: [rows!, model.classes.length],
        datatype: 'FP64',
        data: Array.from(probabilities),
      };
      return c.json(
        {
          model_name: model.name,
          ...(request.id === undefined ? {} : { id: request.id }),
          outputs: [output],
        },
        200,
      );
    },
  );
}
