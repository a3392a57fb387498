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

/** The only code that adds ingestion jobs. */
export class IngestQueueProducer {
  private readonly queue: Queue<IngestJobPayload>;

  constructor(redisUrl: string, prefix: string) {
    this.queue = new Queue<IngestJobPayload>(INGEST_QUEUE, { connection: redisConnection(redisUrl), prefix });
  }

  async enqueue(jobs: IngestJobPayload[], attempt = 'first'): Promise<void> {
    if (!jobs.length) return;
    await this.queue.addBulk(jobs.map((data) => ({ name: INGEST_JOB, data, opts: ingestJobOptions(data, attempt) })));
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  async close(): Promise<void> {
    await this.queue.close();
  }

  /** Nest calls this on shutdown for a provider built from this class. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
