import { z } from 'zod';
import type { ApiBodyOptions } from '@nestjs/swagger';
import { accessLogResponseSchema, overviewResponseSchema } from '@overblik/domain';
import { accessLogRequestSchema, overviewRequestSchema } from './overview.request';

type SchemaObject = NonNullable<Extract<ApiBodyOptions, { schema?: unknown }>['schema']>;

const schema = (s: z.ZodType, io: 'input' | 'output'): SchemaObject => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io }) as Record<string, unknown>;
  return rest as SchemaObject;
};

/** OpenAPI schemas generated from the zod schemas that validate requests and describe answers. */
export const OVERVIEW_OPENAPI = {
  request: schema(overviewRequestSchema, 'input'),
  response: schema(overviewResponseSchema, 'output'),
  accessLogRequest: schema(accessLogRequestSchema, 'input'),
  accessLogResponse: schema(accessLogResponseSchema, 'output'),
};
