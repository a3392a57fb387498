import { ingestJobOptions, ingestJobsFor, redisConnection } from './ingest.queue';

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
