import { Logger, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FAGSYSTEM_ID_PATTERN } from '@overblik/domain';
import { IngestQueueProducer } from '@overblik/jobs';
import { InboxRepository, OwnershipRepository } from '@overblik/persistence';
import { APP_CONFIG, JwtVerifier } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { VENDOR_JWT_VERIFIER, VendorAuthGuard } from '../auth/vendor-auth.guard';
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
    VendorAuthGuard,
    { provide: InboxRepository, useFactory: (db: DataSource) => new InboxRepository(db), inject: [DataSource] },
    { provide: OwnershipRepository, useFactory: (db: DataSource) => new OwnershipRepository(db), inject: [DataSource] },
    {
      provide: IngestQueueProducer,
      useFactory: (c: ApiConfig) => queueProducer(c),
      inject: [APP_CONFIG],
    },
    {
      provide: VENDOR_JWT_VERIFIER,
      useFactory: (c: ApiConfig) =>
        new JwtVerifier({
          jwksUrl: c.VENDOR_JWKS_URL,
          jwks: c.VENDOR_JWKS,
          issuer: c.VENDOR_JWT_ISSUER,
          audience: c.VENDOR_JWT_AUDIENCE,
          // `sub` names the fagsystem
          subjectPattern: FAGSYSTEM_ID_PATTERN,
        }),
      inject: [APP_CONFIG],
    },
  ],
})
export class DeliveryModule {}
