import { z } from 'zod';
import { baseConfigSchema } from '@overblik/platform';

export const adminConfigSchema = baseConfigSchema
  .extend({
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
    ADMIN_HOST: z.string().default('127.0.0.1'),
    /** Keys that sign municipal administrators' tokens (claim `cvr` = their municipality). */
    ADMIN_JWKS_URL: z.url().optional(),
    ADMIN_JWKS: z.string().optional(),
    ADMIN_JWT_ISSUER: z.string().min(1).default('overblik-dev'),
    ADMIN_JWT_AUDIENCE: z.string().min(1).default('overblik-admin'),
  })
  .refine((c) => Boolean(c.ADMIN_JWKS_URL || c.ADMIN_JWKS), {
    message: 'is missing (or set ADMIN_JWKS_URL)',
    path: ['ADMIN_JWKS'],
  });
export type AdminConfig = z.infer<typeof adminConfigSchema>;
