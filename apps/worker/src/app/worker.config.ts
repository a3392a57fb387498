import { z } from 'zod';
import { baseConfigSchema } from '@overblik/platform';

export const workerConfigSchema = baseConfigSchema.extend({
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3200),
  WORKER_HOST: z.string().default('127.0.0.1'),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
