import { Logger, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import {
  AccessLogRepository,
  ClientUsageRepository,
  OverviewAnswerRepository,
  OverviewReadRepository,
  repositoryProviders,
  withOptions,
} from '@overblik/persistence';
import { AnswerStoreWriter, DisplayConfigurationCache, ReadLanes } from '@overblik/overview-answer';
import { APP_CONFIG, JwtVerifier, REDIS_CLIENT } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { OrchestrationAuthGuard } from '../auth/orchestration-auth.guard';
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
    ...OrchestrationAuthGuard.providers,
    ...repositoryProviders(
      OverviewReadRepository,
      OverviewAnswerRepository,
      withOptions(AccessLogRepository, [APP_CONFIG], (c: ApiConfig) => ({
        checkpointEveryMs: c.ACCESS_LOG_CHECKPOINT_MS,
      })),
    ),
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
      useFactory: (answers: OverviewAnswerRepository, metrics: OverviewMetrics) =>
        new AnswerStoreWriter(answers, {
          log: new Logger(AnswerStoreWriter.name),
          onDropped: (rows) => metrics.answerStoreDropped.inc(rows),
        }),
      inject: [OverviewAnswerRepository, OverviewMetrics],
    },
    {
      provide: ClientUsageRepository,
      useFactory: (redis: Redis, c: ApiConfig) => new ClientUsageRepository(redis, c.QUEUE_PREFIX),
      inject: [REDIS_CLIENT, APP_CONFIG],
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
