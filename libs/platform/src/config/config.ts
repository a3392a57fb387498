import { z } from 'zod';

/** Configuration shared by every process. Each app extends it with its own variables. */
/** A yes/no variable: exactly `true` or `false` (z.coerce.boolean would read "false" as true). */
export const envFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json`: one JSON object a line (for machines, the default); `pretty`: for a person (`npm start` sets it). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  DATABASE_URL: z.string().refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), 'must be a postgres:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().refine((v) => /^rediss?:\/\/[^\s]+$/.test(v), 'must be a redis:// URL'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:{}_-]{1,64}$/, 'letters, digits, : { } _ - only')
    .default('overblik'),
  /** Secret for the keyed hash of CPR numbers (citizen key); at least 32 characters. */
  CPR_HASH_KEY: z.string().min(32, 'must be at least 32 characters'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validate the environment against a schema; throws ConfigError naming every bad or missing variable
 * (and never echoing their values, which may be secrets).
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    const missing = env[variable] === undefined || env[variable] === '';
    return { variable, message: missing ? 'is missing' : issue.message };
  });
  throw new ConfigError(problems);
}

export const APP_CONFIG = Symbol('APP_CONFIG');
