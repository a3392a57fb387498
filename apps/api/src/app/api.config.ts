import { z } from 'zod';
import { baseConfigSchema } from '@overblik/platform';

export const apiConfigSchema = baseConfigSchema
  .extend({
    API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    API_HOST: z.string().default('127.0.0.1'),
    /** Vendor tokens: keys as a JWKS URL, or an inline JWKS document. */
    VENDOR_JWKS_URL: z.url().optional(),
    VENDOR_JWKS: z
      .string()
      .refine((v) => {
        try {
          return Array.isArray((JSON.parse(v) as { keys?: unknown }).keys);
        } catch {
          return false;
        }
      }, 'must be a JWKS JSON document')
      .optional(),
    VENDOR_JWT_ISSUER: z.string().min(1).default('overblik-dev'),
    VENDOR_JWT_AUDIENCE: z.string().min(1).default('overblik-delivery'),
    DELIVERY_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .refine((c) => Boolean(c.VENDOR_JWKS_URL || c.VENDOR_JWKS), {
    message: 'is missing (or set VENDOR_JWKS_URL)',
    path: ['VENDOR_JWKS'],
  });
export type ApiConfig = z.infer<typeof apiConfigSchema>;
