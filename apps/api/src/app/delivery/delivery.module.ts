import { Logger, Module } from '@nestjs/common';
import { IngestQueueProducer } from '@overblik/jobs';
import { InboxRepository, OwnershipRepository, repositoryProviders } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { VendorAuthGuard } from '../auth/vendor-auth.guard';
import { DeliveryController } from './delivery.controller';
import { DeliveryService } from './delivery.service';

const queueLogger = new Logger('IngestQueue');

/** The ingest queue's producer: bounded enqueues, connection errors as log lines. */
function queueProducer(c: ApiConfig): IngestQueueProducer {
  return new IngestQueueProducer(c.REDIS_URL, c.QUEUE_PREFIX, {
    enqueueTimeoutMs: c.ENQUEUE_TIMEOUT_MS,
    onConnectionError: (e) => queueLogger.warn({ err: e.message }, 'ingest queue: Redis connection error'),
  });
}

@Module({
  controllers: [DeliveryController],
  providers: [
    DeliveryService,
    ...VendorAuthGuard.providers,
    ...repositoryProviders(InboxRepository, OwnershipRepository),
    {
      provide: IngestQueueProducer,
      useFactory: (c: ApiConfig) => queueProducer(c),
      inject: [APP_CONFIG],
    },
  ],
})
export class DeliveryModule {}
