import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  buildDisplayConfiguration,
  danishDay,
  type DisplayConfiguration,
  isCitizenKeyOfPerson,
} from '@overblik/domain';
import { OverviewAnswerRepository, OverviewReadRepository, renderedRows } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import { IngestedCitizens } from '../ingest/ingested-citizens';
import type { WorkerConfig } from '../worker.config';

/**
 * Renders a citizen's stored answer (ADR 0003) right after an ingested chunk changed their read model,
 * so the next call finds it ready instead of rendering it. Best effort and off the ingest path: the
 * changed citizens wait in a set (a citizen changed by several chunks is rendered once per round) and one
 * loop renders them in rounds of OVERVIEW_PRERENDER_BATCH. A round that fails, or one lost with the
 * process, costs only speed: the API renders a stale answer itself on the citizen's next call.
 */
@Injectable()
export class AnswerRefreshService extends IngestedCitizens implements OnApplicationShutdown {
  private readonly logger = new Logger(AnswerRefreshService.name);
  private readonly waiting = new Set<string>();
  private draining: Promise<void> | undefined;
  private stopping = false;
  /** The display configuration last built, reused while its version is current. */
  private config: DisplayConfiguration | undefined;
  /** Answers rendered since start (for tests and logs). */
  rendered = 0;

  constructor(
    private readonly answers: OverviewAnswerRepository,
    private readonly reads: OverviewReadRepository,
    @Inject(APP_CONFIG) private readonly settings: WorkerConfig,
  ) {
    super();
  }

  changed(citizenKeys: readonly string[]): void {
    if (!this.settings.OVERVIEW_RENDER_AFTER_INGEST || this.stopping) return;
    // only a person's key is ever asked for; other parties' read models have no answer to render
    for (const key of citizenKeys) if (isCitizenKeyOfPerson(key)) this.waiting.add(key);
    this.kick();
  }

  /** Start the loop unless it runs; when it ends, start it again for citizens told meanwhile. */
  private kick(): void {
    if (!this.waiting.size || this.draining || this.stopping) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      this.kick();
    });
  }

  /** Resolves when every citizen told so far has been rendered (or their round failed). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.waiting.size && !this.stopping) {
      const keys = [...this.waiting].slice(0, this.settings.OVERVIEW_PRERENDER_BATCH);
      for (const key of keys) this.waiting.delete(key);
      try {
        await this.render(keys);
      } catch (e) {
        this.logger.warn(
          { err: e instanceof Error ? e.message : String(e), citizens: keys.length },
          'rendering answers after ingest failed; the API renders them on the next call',
        );
      }
    }
  }

  private async render(keys: string[]): Promise<void> {
    const version = await this.reads.configurationVersion();
    if (this.config?.version !== version)
      this.config = buildDisplayConfiguration(await this.reads.displayConfiguration());
    const citizens = await this.answers.citizens(keys);
    await this.answers.store(renderedRows(citizens, this.config, danishDay()));
    this.rendered += citizens.length;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }
}
