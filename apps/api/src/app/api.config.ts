import { z } from 'zod';
import { DEFAULT_ENQUEUE_TIMEOUT_MS } from '@overblik/jobs';
import { baseConfigSchema, envFlag } from '@overblik/platform';

const jwksDocument = z.string().refine((v) => {
  try {
    return Array.isArray((JSON.parse(v) as { keys?: unknown }).keys);
  } catch {
    return false;
  }
}, 'must be a JWKS JSON document');

export const apiConfigSchema = baseConfigSchema
  .extend({
    API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    API_HOST: z.string().default('127.0.0.1'),
    /** Processes serving the port (node:cluster); 1 = this process alone. */
    API_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    /** Vendor tokens: keys as a JWKS URL, or an inline JWKS document. */
    VENDOR_JWKS_URL: z.url().optional(),
    VENDOR_JWKS: jwksDocument.optional(),
    VENDOR_JWT_ISSUER: z.string().min(1).default('overblik-dev'),
    VENDOR_JWT_AUDIENCE: z.string().min(1).default('overblik-delivery'),
    DELIVERY_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000).default(1000),
    /**
     * The longest the enqueue after an inbox commit may take before the delivery is answered anyway (the
     * items stay pending in the inbox; the worker's sweeper enqueues them).
     */
    ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(DEFAULT_ENQUEUE_TIMEOUT_MS),
    /** The orchestration layer's client-credentials tokens (scope overview:read). */
    ORCHESTRATION_JWKS_URL: z.url().optional(),
    ORCHESTRATION_JWKS: jwksDocument.optional(),
    ORCHESTRATION_JWT_ISSUER: z.string().min(1).default('overblik-dev'),
    ORCHESTRATION_JWT_AUDIENCE: z.string().min(1).default('overblik-overview'),
    /** Signed citizen assertions (who logged in); keys default to the orchestration keys. */
    CITIZEN_ASSERTION_JWKS_URL: z.url().optional(),
    CITIZEN_ASSERTION_JWKS: jwksDocument.optional(),
    CITIZEN_ASSERTION_ISSUER: z.string().min(1).default('overblik-dev-login'),
    /** Refuse overview calls without a citizen assertion. */
    CITIZEN_ASSERTION_REQUIRED: envFlag.default(false),
    /** Calls per second one client may make (all API processes together); more get 429. */
    OVERVIEW_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).default(300),
    /** Distinct citizens one client may ask for per minute before it is slowed down and flagged. */
    OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
    /** Extra delay for each call of a flagged client, and how long a flag lasts. */
    OVERVIEW_SLOWDOWN_MS: z.coerce.number().int().min(0).max(10_000).default(250),
    OVERVIEW_FLAG_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Access-log group commit: the longest a call waits for its audit record to be committed with others. */
    ACCESS_LOG_FLUSH_MS: z.coerce.number().int().min(0).max(100).default(2),
    /** How often the access log's checkpoint (the chain's anchored head) moves with a batch; 0 moves it with every batch. */
    ACCESS_LOG_CHECKPOINT_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    /**
     * Answer from the stored rendered answer while it matches the citizen's read model, the configuration
     * and the day (and store each fresh render back); false renders every call from the read model.
     */
    OVERVIEW_ANSWER_STORE: envFlag.default(true),
    /**
     * Overview reads under way at once, each one statement; the reads that arrive while all are busy go
     * together in the next free one (up to 64 citizens a statement). 0: every call reads alone.
     */
    OVERVIEW_READ_LANES: z.coerce.number().int().min(0).max(64).default(1),
  })
  .refine((c) => Boolean(c.VENDOR_JWKS_URL || c.VENDOR_JWKS), {
    message: 'is missing (or set VENDOR_JWKS_URL)',
    path: ['VENDOR_JWKS'],
  })
  .refine((c) => Boolean(c.ORCHESTRATION_JWKS_URL || c.ORCHESTRATION_JWKS), {
    message: 'is missing (or set ORCHESTRATION_JWKS_URL)',
    path: ['ORCHESTRATION_JWKS'],
  });
export type ApiConfig = z.infer<typeof apiConfigSchema>;
