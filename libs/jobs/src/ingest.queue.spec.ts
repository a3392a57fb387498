import { createServer, type Server, type Socket } from 'node:net';
import {
  EnqueueTimeoutError,
  IngestQueueProducer,
  ingestJobOptions,
  ingestJobsFor,
  producerConnection,
  redisConnection,
} from './ingest.queue';

describe('ingest jobs', () => {
  it.each([
    [0, 0, 500, []],
    [0, 1, 500, [{ fromSeq: 0, toSeq: 0 }]],
    [0, 500, 500, [{ fromSeq: 0, toSeq: 499 }]],
    [
      0,
      1001,
      500,
      [
        { fromSeq: 0, toSeq: 499 },
        { fromSeq: 500, toSeq: 999 },
        { fromSeq: 1000, toSeq: 1000 },
      ],
    ],
    [
      1000,
      1200,
      100,
      [
        { fromSeq: 1000, toSeq: 1099 },
        { fromSeq: 1100, toSeq: 1199 },
      ],
    ],
  ])('splits seq %i..%i in chunks of %i', (from, to, chunk, expected) => {
    expect(ingestJobsFor('d', from, to, chunk)).toEqual(expected.map((e) => ({ deliveryId: 'd', ...e })));
  });

  it('gives a job an id from its delivery and first item, so a repeat is a no-op', () => {
    expect(ingestJobOptions({ deliveryId: 'd1', fromSeq: 500, toSeq: 999 }).jobId).toBe('d1.500.first');
    expect(ingestJobOptions({ deliveryId: 'd1', fromSeq: 500, toSeq: 999 }, 'sweep-7').jobId).toBe('d1.500.sweep-7');
  });

  it('reads a Redis URL with credentials and database', () => {
    expect(redisConnection('redis://user:p%40ss@10.0.0.1:6380/2')).toMatchObject({
      host: '10.0.0.1',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
    });
  });
});

describe('the ingest queue producer', () => {
  it('fails fast while Redis is away instead of queueing commands until it returns', () => {
    expect(producerConnection('redis://127.0.0.1:6379')).toMatchObject({
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
  });

  /** A "Redis" that takes connections and never answers. */
  let silent: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((s) => {
      sockets.add(s);
      s.on('error', () => s.destroy());
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('gives up an enqueue after its timeout and leaves no rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    const port = (silent.address() as { port: number }).port;
    const producer = new IngestQueueProducer(`redis://127.0.0.1:${port}`, 'test-silent', { enqueueTimeoutMs: 150 });
    try {
      const started = Date.now();
      await expect(producer.enqueue([{ deliveryId: 'd1', fromSeq: 0, toSeq: 0 }])).rejects.toBeInstanceOf(
        EnqueueTimeoutError,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(Date.now() - started).toBeLessThan(2000);
      // the connection breaks for good after the timeout: whatever it still settles must be absorbed
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 300));
      await producer.close();
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await producer.close();
    }
  });

  it('gives up while Redis refuses connections, and reports the connection errors instead of printing them', async () => {
    const refusing = createServer();
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    const port = (refusing.address() as { port: number }).port;
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
    const errors: Error[] = [];
    const producer = new IngestQueueProducer(`redis://127.0.0.1:${port}`, 'test-refused', {
      enqueueTimeoutMs: 150,
      onConnectionError: (e) => errors.push(e),
    });
    try {
      await expect(producer.enqueue([{ deliveryId: 'd1', fromSeq: 0, toSeq: 0 }])).rejects.toBeInstanceOf(
        EnqueueTimeoutError,
      );
      expect(errors.map((e) => (e as { code?: string }).code)).toContain('ECONNREFUSED');
    } finally {
      await producer.close();
    }
  });
});
