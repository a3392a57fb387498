import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { IngestQueueProducer, type IngestJobPayload } from '@overblik/jobs';

/** Jobs to add after a chunk committed: deferred items to try again, pending grants nobody applies yet. */
export interface IngestFollowUp {
  jobs: IngestJobPayload[];
  /** Part of the job id (see ingestJobOptions), so one follow-up is added once. */
  attempt: string;
  delayMs: number;
}

/**
 * Adds follow-up ingestion jobs. Best effort: a follow-up lost with the process or with Redis costs only
 * time, because the sweeper re-enqueues every item still pending after SWEEP_AFTER_MS.
 */
export abstract class IngestRetryScheduler {
  abstract schedule(followUp: IngestFollowUp): void;
}

/** Adds follow-ups to the ingest queue after their delay (a timer in this process). */
@Injectable()
export class QueueRetryScheduler extends IngestRetryScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueRetryScheduler.name);
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly queue: IngestQueueProducer) {
    super();
  }

  schedule({ jobs, attempt, delayMs }: IngestFollowUp): void {
    if (!jobs.length) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.queue.enqueue(jobs, attempt).catch((e: unknown) => {
        this.logger.warn(
          { err: e instanceof Error ? e.message : String(e), attempt },
          'follow-up not enqueued; the sweeper will pick the items up',
        );
      });
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
