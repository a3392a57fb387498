import { z } from 'zod';
import { baseConfigSchema } from '@overblik/platform';

export const adminConfigSchema = baseConfigSchema.extend({
  ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  ADMIN_HOST: z.string().default('127.0.0.1'),
});
export type AdminConfig = z.infer<typeof adminConfigSchema>;
