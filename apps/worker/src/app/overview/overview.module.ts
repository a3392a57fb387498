import { Module } from '@nestjs/common';
import { DisplayConfigurationCache } from '@overblik/overview-answer';
import { OverviewAnswerRepository, OverviewReadRepository, repositoryProviders } from '@overblik/persistence';
import { IngestedCitizens } from '../ingest/ingested-citizens';
import { AnswerPrerenderService } from './answer-prerender.service';
import { AnswerRefreshService } from './answer-refresh.service';

/**
 * The worker's part of the overview: keeping the stored answers rendered (ADR 0003), on a schedule when
 * the configuration or the day moves, and for each citizen an ingested chunk changed; both under the
 * process's one display configuration snapshot.
 */
@Module({
  providers: [
    {
      provide: DisplayConfigurationCache,
      useFactory: (reads: OverviewReadRepository) => new DisplayConfigurationCache(reads),
      inject: [OverviewReadRepository],
    },
    AnswerPrerenderService,
    AnswerRefreshService,
    ...repositoryProviders(OverviewAnswerRepository, OverviewReadRepository),
    { provide: IngestedCitizens, useExisting: AnswerRefreshService },
  ],
  exports: [IngestedCitizens],
})
export class OverviewModule {}
