import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { danishDay } from '@overblik/domain';
import {
  OverviewAnswerRepository,
  OverviewReadRepository,
  prerenderAnswers,
  type PrerenderResult,
} from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import type { WorkerConfig } from '../worker.config';

export const PRERENDER_LOCK = 'overblik:overview-prerender';

/**
 * Keeps the API's stored answers (ADR 0003) rendered without an operator: every
 * OVERVIEW_PRERENDER_INTERVAL_MS it looks at the configuration version and the Danish day, and when
 * either moved since its last complete pass it renders every stale answer. One worker process at a time
 * does the pass (an advisory lock); a shutdown ends it after the current round (nothing half-stored:
 * each round's answers are one statement).
 */
@Injectable()
export class AnswerPrerenderService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AnswerPrerenderService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | undefined;
  private stopping = false;
  /** The configuration version and day of the last complete pass. */
  private done: string | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly answers: OverviewAnswerRepository,
    private readonly reads: OverviewReadRepository,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.OVERVIEW_PRERENDER_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => void this.check(), this.config.OVERVIEW_PRERENDER_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * One look: a pass when the configuration or the day moved since the last complete one. Resolves with
   * the pass's result, 'current' when nothing moved, 'busy' when a pass runs here or in another process.
   */
  async check(now = new Date()): Promise<PrerenderResult | 'current' | 'busy'> {
    if (this.running || this.stopping) return 'busy';
    const pass = (async () => {
      const day = danishDay(now);
      if (`${await this.reads.configurationVersion()}@${day}` === this.done) return 'current' as const;
      const result = await this.answers.exclusively(PRERENDER_LOCK, () =>
        prerenderAnswers(this.db, {
          day,
          batch: this.config.OVERVIEW_PRERENDER_BATCH,
          shouldStop: () => this.stopping,
        }),
      );
      if (!result) return 'busy' as const;
      if (result.complete) this.done = `${result.configurationVersion}@${result.day}`;
      if (result.rendered) {
        this.logger.log(
          {
            rendered: result.rendered,
            seconds: Number(result.seconds.toFixed(1)),
            day: result.day,
            configurationVersion: result.configurationVersion,
          },
          'rendered stale overview answers',
        );
      }
      return result;
    })();
    this.running = pass;
    try {
      return await pass;
    } catch (e) {
      this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'overview pre-render failed; will retry');
      return 'busy';
    } finally {
      this.running = undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
