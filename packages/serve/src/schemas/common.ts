/** Schemas several routes share: the error body and the model name in a path. */
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'rows[3][1]: expected a number, got "abc"' }),
  })
  .openapi('Error');

/** The model name in a path; the example is a model this service has, so Swagger UI's "Try it out" works. */
export const modelNameParams = (example: string) =>
  z.object({
    name: z.string().openapi({ param: { name: 'name', in: 'path' }, example }),
  });

/** A JSON error answer for OpenAPI's `responses`. */
export const errorResponse = (description: string) => ({
  content: { 'application/json': { schema: ErrorSchema } },
  description,
});

/** The error answers of a route that takes a JSON body. */
export const bodyErrorResponses = {
  400: errorResponse('Invalid JSON, or a body that does not fit the schema or the model'),
  413: errorResponse('A body over the size limit (--max-body)'),
  415: errorResponse('A body that is not declared as application/json'),
} as const;
