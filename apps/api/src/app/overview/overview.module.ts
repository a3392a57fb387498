import { Logger, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  AccessLogRepository,
  ClientUsageRepository,
  OverviewAnswerRepository,
  OverviewReadRepository,
} from '@overblik/persistence';
import { AnswerStoreWriter, DisplayConfigurationCache, ReadLanes } from '@overblik/overview-answer';
import { APP_CONFIG, JwtVerifier, REDIS_CLIENT } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { ORCHESTRATION_JWT_VERIFIER, OrchestrationAuthGuard } from '../auth/orchestration-auth.guard';
import { AccessLogWriter } from './access-log.writer';
import { CITIZEN_JWT_VERIFIER, CitizenAssertionVerifier } from './citizen-assertion.verifier';
import { ClientLimiter } from './client-limiter.service';
import { OverviewController } from './overview.controller';
import { OverviewMetrics } from './overview.metrics';
import { OverviewService } from './overview.service';

@Module({
  controllers: [OverviewController],
  providers: [
    OverviewService,
    OverviewMetrics,
    AccessLogWriter,
    ClientLimiter,
    CitizenAssertionVerifier,
    OrchestrationAuthGuard,
    {
      provide: OverviewReadRepository,
      useFactory: (db: DataSource) => new OverviewReadRepository(db),
      inject: [DataSource],
    },
    {
      provide: ReadLanes,
      useFactory: (reads: OverviewReadRepository, c: ApiConfig, metrics: OverviewMetrics) =>
        new ReadLanes(reads, {
          lanes: c.OVERVIEW_READ_LANES,
          onStatement: (n) => metrics.readStatement.observe(n),
        }),
      inject: [OverviewReadRepository, APP_CONFIG, OverviewMetrics],
    },
    {
      provide: DisplayConfigurationCache,
      useFactory: (reads: OverviewReadRepository) => new DisplayConfigurationCache(reads),
      inject: [OverviewReadRepository],
    },
    {
      provide: AnswerStoreWriter,
      useFactory: (db: DataSource, metrics: OverviewMetrics) =>
        new AnswerStoreWriter(new OverviewAnswerRepository(db), {
          log: new Logger(AnswerStoreWriter.name),
          onDropped: (rows) => metrics.answerStoreDropped.inc(rows),
        }),
      inject: [DataSource, OverviewMetrics],
    },
    {
      provide: AccessLogRepository,
      useFactory: (db: DataSource, c: ApiConfig) =>
        new AccessLogRepository(db, { checkpointEveryMs: c.ACCESS_LOG_CHECKPOINT_MS }),
      inject: [DataSource, APP_CONFIG],
    },
    {
      provide: ClientUsageRepository,
      useFactory: (redis: Redis, c: ApiConfig) => new ClientUsageRepository(redis, c.QUEUE_PREFIX),
      inject: [REDIS_CLIENT, APP_CONFIG],
    },
    {
      provide: ORCHESTRATION_JWT_VERIFIER,
      useFactory: (c: ApiConfig) =>
        new JwtVerifier({
          jwksUrl: c.ORCHESTRATION_JWKS_URL,
          jwks: c.ORCHESTRATION_JWKS,
          issuer: c.ORCHESTRATION_JWT_ISSUER,
          audience: c.ORCHESTRATION_JWT_AUDIENCE,
        }),
      inject: [APP_CONFIG],
    },
    {
      provide: CITIZEN_JWT_VERIFIER,
      useFactory: (c: ApiConfig) =>
        c.CITIZEN_ASSERTION_JWKS_URL || c.CITIZEN_ASSERTION_JWKS
          ? new JwtVerifier({
              jwksUrl: c.CITIZEN_ASSERTION_JWKS_URL,
              jwks: c.CITIZEN_ASSERTION_JWKS,
              issuer: c.CITIZEN_ASSERTION_ISSUER,
              audience: c.ORCHESTRATION_JWT_AUDIENCE,
              subjectPattern: null,
            })
          : new JwtVerifier({
              jwksUrl: c.ORCHESTRATION_JWKS_URL,
              jwks: c.ORCHESTRATION_JWKS,
              issuer: c.CITIZEN_ASSERTION_ISSUER,
              audience: c.ORCHESTRATION_JWT_AUDIENCE,
              subjectPattern: null,
            }),
      inject: [APP_CONFIG],
    },
  ],
})
export class OverviewModule {}
