import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnswerRefresh, DisplayConfigurationCache } from '@overblik/overview-answer';
import { OverviewAnswerRepository, OverviewReadRepository } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import { IngestedCitizens } from '../ingest/ingested-citizens';
import type { WorkerConfig } from '../worker.config';

/**
 * Renders a citizen's stored answer (ADR 0003) right after an ingested chunk changed their read model
 * (`AnswerRefresh`, in rounds of OVERVIEW_PRERENDER_BATCH), when OVERVIEW_RENDER_AFTER_INGEST is on.
 */
@Injectable()
export class AnswerRefreshService extends IngestedCitizens implements OnApplicationShutdown {
  private readonly refresh: AnswerRefresh;

  constructor(
    db: DataSource,
    @Inject(APP_CONFIG) private readonly settings: WorkerConfig,
    @Optional() configurations?: DisplayConfigurationCache,
  ) {
    super();
    this.refresh = new AnswerRefresh(
      new OverviewAnswerRepository(db),
      configurations ?? new DisplayConfigurationCache(new OverviewReadRepository(db)),
      { batch: settings.OVERVIEW_PRERENDER_BATCH, log: new Logger(AnswerRefreshService.name) },
    );
  }

  /** Answers rendered since start (for tests and logs). */
  get rendered(): number {
    return this.refresh.rendered;
  }

  changed(citizenKeys: readonly string[]): void {
    if (!this.settings.OVERVIEW_RENDER_AFTER_INGEST) return;
    this.refresh.changed(citizenKeys);
  }

  /** Resolves when every citizen told so far has been rendered (or their round failed). */
  idle(): Promise<void> {
    return this.refresh.idle();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.refresh.stop();
  }
}
