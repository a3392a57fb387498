import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  url: string;
  prefix: string;
  client: Redis;
  /** Delete every key under this test's prefix and disconnect. */
  drop(): Promise<void>;
}

/** A key prefix of its own for one test file on the shared Redis. */
export async function createTestRedis(): Promise<TestRedis> {
  const prefix = `t-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  await client.ping();
  return {
    url: TEST_REDIS_URL,
    prefix,
    client,
    async drop() {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      client.disconnect();
    },
  };
}
