import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { baseConfigSchema, envFlag } from '@overblik/platform';

const OIDC_KEYS = [
  'ADMIN_OIDC_ISSUER_URL',
  'ADMIN_OIDC_CLIENT_ID',
  'ADMIN_OIDC_CLIENT_SECRET',
  'ADMIN_OIDC_REDIRECT_URL',
] as const;

export const adminConfigSchema = baseConfigSchema
  .extend({
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
    ADMIN_HOST: z.string().default('127.0.0.1'),
    /** Keys that sign municipal administrators' tokens (claims `role`, `cvr`) for the JSON API. */
    ADMIN_JWKS_URL: z.url().optional(),
    ADMIN_JWKS: z.string().optional(),
    ADMIN_JWT_ISSUER: z.string().min(1).default('overblik-dev'),
    ADMIN_JWT_AUDIENCE: z.string().min(1).default('overblik-admin'),
    /** Signs session cookies and CSRF tokens; derived from CPR_HASH_KEY when not set. */
    ADMIN_SESSION_SECRET: z.string().min(32).optional(),
    /** Send cookies only over HTTPS (turn off only for http://127.0.0.1 in development and tests). */
    ADMIN_COOKIE_SECURE: envFlag.default(true),
    ADMIN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(720).default(30),
    /** Local login with the users in admin_user; off by default in production. */
    ADMIN_LOCAL_LOGIN: envFlag.optional(),
    ADMIN_OIDC_ISSUER_URL: z.url().optional(),
    ADMIN_OIDC_CLIENT_ID: z.string().min(1).optional(),
    ADMIN_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    ADMIN_OIDC_REDIRECT_URL: z.url().optional(),
    /** The ID token's claims that carry the role (MUNICIPAL_ADMIN, OPERATOR, AUDITOR) and the municipality's CVR. */
    ADMIN_OIDC_ROLE_CLAIM: z.string().min(1).default('overblik_role'),
    ADMIN_OIDC_CVR_CLAIM: z.string().min(1).default('overblik_cvr'),
  })
  .refine((c) => Boolean(c.ADMIN_JWKS_URL || c.ADMIN_JWKS), {
    message: 'is missing (or set ADMIN_JWKS_URL)',
    path: ['ADMIN_JWKS'],
  })
  .superRefine((c, ctx) => {
    const set = OIDC_KEYS.filter((k) => c[k] !== undefined);
    if (set.length > 0 && set.length < OIDC_KEYS.length) {
      for (const k of OIDC_KEYS.filter((k) => c[k] === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: `is missing (OpenID Connect needs all of ${OIDC_KEYS.join(', ')})`,
        });
      }
    }
  })
  .transform((c) => ({
    ...c,
    ADMIN_SESSION_SECRET:
      c.ADMIN_SESSION_SECRET ?? createHmac('sha256', c.CPR_HASH_KEY).update('overblik-admin-session').digest('hex'),
    ADMIN_LOCAL_LOGIN: c.ADMIN_LOCAL_LOGIN ?? c.NODE_ENV !== 'production',
  }));
export type AdminConfig = z.infer<typeof adminConfigSchema>;

/** Whether an OpenID Connect provider is configured. */
export function oidcConfigured(c: AdminConfig): boolean {
  return OIDC_KEYS.every((k) => c[k] !== undefined);
}
