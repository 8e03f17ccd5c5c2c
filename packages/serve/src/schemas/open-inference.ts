/**
 * The Open Inference Protocol (KServe v2) over REST: server and model metadata, health, and inference with
 * tensors as flat (or nested) lists in row-major order.
 */
import { z } from '@hono/zod-openapi';
import { exampleValue } from './predict.ts';

export const ServerMetadataSchema = z
  .object({
    name: z.string().openapi({ example: 'tapegrad' }),
    version: z.string().openapi({ example: '0.1.0' }),
    extensions: z.array(z.string()),
  })
  .openapi('ServerMetadata');

const TensorMetadataSchema = z.object({
  name: z.string(),
  datatype: z.string(),
  shape: z.array(z.number().int()).openapi({ description: '-1 for the batch axis' }),
});

export const ModelMetadataSchema = z
  .object({
    name: z.string(),
    versions: z.array(z.string()),
    platform: z.string(),
    inputs: z.array(TensorMetadataSchema),
    outputs: z.array(TensorMetadataSchema),
  })
  .openapi('ModelMetadata');

export const LiveSchema = z.object({ live: z.boolean() }).openapi('ServerLive');
export const ReadySchema = z.object({ ready: z.boolean() }).openapi('ServerReady');
export const ModelReadySchema = z.object({ name: z.string(), ready: z.boolean() }).openapi('ModelReady');

const ParametersSchema = z.record(z.string(), z.unknown());

/** The request; the example fits a model with `features` inputs. */
export const inferRequestSchema = (features: number) =>
  z
    .strictObject({
      id: z.string().optional(),
      parameters: ParametersSchema.optional(),
      inputs: z
        .array(
          z.strictObject({
            name: z.string(),
            shape: z.array(z.number().int().nonnegative()),
            datatype: z.enum(['FP64', 'FP32']),
            parameters: ParametersSchema.optional(),
            data: z
              .array(z.unknown())
              .openapi({ description: 'The values in row-major order, flat or nested' }),
          }),
        )
        .length(1, { error: 'expected exactly one input tensor, the rows [N, features]' }),
      outputs: z
        .array(z.strictObject({ name: z.string(), parameters: ParametersSchema.optional() }))
        .optional(),
    })
    .openapi('InferRequest', {
      example: {
        id: 'request-1',
        inputs: [
          {
            name: 'input',
            shape: [2, features],
            datatype: 'FP64',
            data: Array.from({ length: 2 * features }, (_, i) =>
              exampleValue(Math.floor(i / features), i % features),
            ),
          },
        ],
      },
    });

export const InferResponseSchema = z
  .object({
    model_name: z.string(),
    id: z.string().optional(),
    outputs: z.array(
      z.object({
        name: z.string(),
        shape: z.array(z.number().int()),
        datatype: z.string(),
        data: z.array(z.number()),
      }),
    ),
  })
  .openapi('InferResponse');
