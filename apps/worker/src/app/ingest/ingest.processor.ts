import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { INGEST_JOB, INGEST_QUEUE, type IngestJobPayload, redisConnection } from '@overblik/jobs';
import { APP_CONFIG } from '@overblik/platform';
import type { WorkerConfig } from '../worker.config';
import { IngestService } from './ingest.service';

/** Consumes the ingest queue. Refuses to start when a job name has no handler. */
@Injectable()
export class IngestProcessor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IngestProcessor.name);
  private worker?: Worker<IngestJobPayload>;
  private readonly handlers: Record<string, (data: IngestJobPayload) => Promise<unknown>>;

  constructor(
    private readonly ingest: IngestService,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {
    this.handlers = { [INGEST_JOB]: (data) => this.ingest.applyRange(data) };
  }

  onModuleInit(): void {
    this.worker = new Worker<IngestJobPayload>(INGEST_QUEUE, (job) => this.handle(job), {
      connection: redisConnection(this.config.REDIS_URL),
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.config.WORKER_CONCURRENCY,
      autorun: true,
    });
    this.worker.on('failed', (job, err) => this.logger.warn({ jobId: job?.id, err: err.message }, 'ingest job failed'));
    this.worker.on('error', (err) => this.logger.error({ err: err.message }, 'ingest worker error'));
  }

  private async handle(job: Job<IngestJobPayload>): Promise<unknown> {
    const handler = this.handlers[job.name];
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler(job.data);
  }

  async onApplicationShutdown(): Promise<void> {
    // lets the jobs in hand finish; the sweeper re-enqueues anything that did not
    await this.worker?.close();
  }
}
