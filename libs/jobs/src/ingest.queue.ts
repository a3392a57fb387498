import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

/** Queue names, job names and payloads in one place; one producer per queue. */
export const INGEST_QUEUE = 'ingest';
export const INGEST_JOB = 'apply-items';

/** A job only points at committed inbox rows: losing it loses nothing (the sweeper re-enqueues). */
export interface IngestJobPayload {
  deliveryId: string;
  fromSeq: number;
  toSeq: number;
}

export const INGEST_CHUNK_SIZE = 500;

export function ingestJobOptions(payload: IngestJobPayload, attempt = 'first'): JobsOptions {
  return {
    jobId: `${payload.deliveryId}.${payload.fromSeq}.${attempt}`,
    attempts: 5,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: true,
    removeOnFail: 1000,
  };
}

/** Split seq range [0, count) of a delivery into jobs of INGEST_CHUNK_SIZE items. */
export function ingestJobsFor(
  deliveryId: string,
  fromSeq: number,
  toSeqExclusive: number,
  chunk = INGEST_CHUNK_SIZE,
): IngestJobPayload[] {
  const jobs: IngestJobPayload[] = [];
  for (let s = fromSeq; s < toSeqExclusive; s += chunk) {
    jobs.push({ deliveryId, fromSeq: s, toSeq: Math.min(s + chunk, toSeqExclusive) - 1 });
  }
  return jobs;
}

export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** How long an enqueue may take before it gives up, unless the producer is told otherwise. */
export const DEFAULT_ENQUEUE_TIMEOUT_MS = 1000;

/** An enqueue that did not finish in time (Redis down or slow); the inbox still holds the items. */
export class EnqueueTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`enqueue gave up after ${timeoutMs} ms`);
    this.name = 'EnqueueTimeoutError';
  }
}

export interface IngestQueueOptions {
  /** The longest an enqueue may take; then it rejects with EnqueueTimeoutError. */
  enqueueTimeoutMs?: number;
  /** Errors of the queue's Redis connection (each failed reconnect); BullMQ would print them to the console. */
  onConnectionError?: (error: Error) => void;
}

/**
 * The producer's connection fails fast while Redis is away: a command is refused at once instead of
 * waiting in ioredis's offline queue until Redis returns, and one sent just before the connection
 * dropped gives up after one reconnect. The connection itself keeps reconnecting.
 */
export function producerConnection(url: string): ConnectionOptions {
  return { ...redisConnection(url), enableOfflineQueue: false, maxRetriesPerRequest: 1 };
}

/** `work`, or EnqueueTimeoutError after `ms`; a late settling of `work` is absorbed. */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    // the race has left `work` behind: a rejection after the timeout must not go unhandled
    work.catch(() => undefined);
  }
}

/**
 * The only code that adds ingestion jobs. An enqueue is bounded (IngestQueueOptions.enqueueTimeoutMs):
 * a job only points at committed inbox rows, so an enqueue that fails or gives up loses nothing; the
 * worker's sweeper enqueues the items later.
 */
export class IngestQueueProducer {
  private readonly queue: Queue<IngestJobPayload>;
  private readonly enqueueTimeoutMs: number;

  constructor(redisUrl: string, prefix: string, options: IngestQueueOptions = {}) {
    this.enqueueTimeoutMs = options.enqueueTimeoutMs ?? DEFAULT_ENQUEUE_TIMEOUT_MS;
    this.queue = new Queue<IngestJobPayload>(INGEST_QUEUE, { connection: producerConnection(redisUrl), prefix });
    const onError = options.onConnectionError;
    this.queue.on('error', (error: Error) => onError?.(error));
  }

  async enqueue(jobs: IngestJobPayload[], attempt = 'first'): Promise<void> {
    if (!jobs.length) return;
    await within(
      this.queue.addBulk(jobs.map((data) => ({ name: INGEST_JOB, data, opts: ingestJobOptions(data, attempt) }))),
      this.enqueueTimeoutMs,
    );
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  /** Close the connection; while Redis is away (nothing to QUIT to) it is dropped instead. */
  async close(): Promise<void> {
    await this.queue.close().catch(() => this.queue.disconnect());
  }

  /** Nest calls this on shutdown for a provider built from this class. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
