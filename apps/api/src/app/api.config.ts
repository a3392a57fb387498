import { z } from 'zod';
import { baseConfigSchema } from '@overblik/platform';

export const apiConfigSchema = baseConfigSchema.extend({
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  API_HOST: z.string().default('127.0.0.1'),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
