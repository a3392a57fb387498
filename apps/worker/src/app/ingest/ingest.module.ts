import { Logger, Module } from '@nestjs/common';
import { IngestQueueProducer } from '@overblik/jobs';
import {
  IndexWriteRepository,
  InboxRepository,
  InboxRetentionRepository,
  ReferenceDataRepository,
  repositoryProviders,
} from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import { OverviewModule } from '../overview/overview.module';
import type { WorkerConfig } from '../worker.config';
import { InboxRetentionService } from './inbox-retention.service';
import { IngestMetrics } from './ingest.metrics';
import { IngestProcessor } from './ingest.processor';
import { IngestRetryScheduler, QueueRetryScheduler } from './ingest-retry.scheduler';
import { IngestService } from './ingest.service';
import { ReferenceCache } from './reference-cache.service';
import { SweeperService } from './sweeper.service';

const queueLogger = new Logger('IngestQueue');

/** The ingest queue's producer: bounded enqueues, connection errors as log lines. */
function queueProducer(c: WorkerConfig): IngestQueueProducer {
  return new IngestQueueProducer(c.REDIS_URL, c.QUEUE_PREFIX, {
    enqueueTimeoutMs: c.ENQUEUE_TIMEOUT_MS,
    onConnectionError: (e) => queueLogger.warn({ err: e.message }, 'ingest queue: Redis connection error'),
  });
}

@Module({
  imports: [OverviewModule],
  providers: [
    IngestService,
    IngestProcessor,
    SweeperService,
    InboxRetentionService,
    ReferenceCache,
    IngestMetrics,
    { provide: IngestRetryScheduler, useClass: QueueRetryScheduler },
    ...repositoryProviders(IndexWriteRepository, InboxRepository, InboxRetentionRepository, ReferenceDataRepository),
    {
      provide: IngestQueueProducer,
      useFactory: (c: WorkerConfig) => queueProducer(c),
      inject: [APP_CONFIG],
    },
  ],
  exports: [IngestService, SweeperService, InboxRetentionService, ReferenceCache],
})
export class IngestModule {}
