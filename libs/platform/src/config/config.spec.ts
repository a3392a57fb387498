import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig } from './config';

const good = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/overblik',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CPR_HASH_KEY: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('returns typed values with defaults filled in', () => {
    const config = loadConfig(baseConfigSchema, good);
    expect(config.DATABASE_POOL_SIZE).toBe(10);
    expect(config.QUEUE_PREFIX).toBe('overblik');
  });

  it.each([
    ['DATABASE_URL', { ...good, DATABASE_URL: undefined }, 'DATABASE_URL is missing'],
    ['REDIS_URL', { ...good, REDIS_URL: 'http://x' }, 'REDIS_URL must be a redis:// URL'],
    ['CPR_HASH_KEY', { ...good, CPR_HASH_KEY: 'short' }, 'CPR_HASH_KEY must be at least 32 characters'],
    ['DATABASE_POOL_SIZE', { ...good, DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
  ])('stops with the name of a bad %s', (_name, env, expected) => {
    expect(() => loadConfig(baseConfigSchema, env)).toThrow(ConfigError);
    expect(() => loadConfig(baseConfigSchema, env)).toThrow(expected);
  });

  it('never echoes the value of a bad variable', () => {
    const secret = 'short-secret-value';
    try {
      loadConfig(baseConfigSchema, { ...good, CPR_HASH_KEY: secret });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(String(e)).not.toContain(secret);
    }
  });

  it('lets an app extend the schema', () => {
    const schema = baseConfigSchema.extend({ API_PORT: z.coerce.number().int().default(3000) });
    expect(loadConfig(schema, { ...good, API_PORT: '4000' }).API_PORT).toBe(4000);
  });
});
