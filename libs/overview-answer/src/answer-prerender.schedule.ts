import type { DataSource } from 'typeorm';
import { danishDay } from '@overblik/domain';
import { OverviewAnswerRepository, OverviewReadRepository } from '@overblik/persistence';
import type { AnswerLog } from './answer-log';
import { prerenderAnswers, type PrerenderResult } from './answer-prerender';
import type { DisplayConfigurationCache } from './display-configuration.cache';

export const PRERENDER_LOCK = 'overblik:overview-prerender';

export interface AnswerPrerenderScheduleOptions {
  /** Citizens read, rendered and stored per round. */
  batch: number;
  log: AnswerLog;
}

/**
 * Keeps the stored answers (ADR 0003) rendered without an operator: each `check()` looks at the
 * configuration version and the Danish day, and when either moved since the last complete pass it renders
 * every stale answer. One process at a time does the pass (an advisory lock); `stop()` ends it after the
 * current round (nothing half-stored: each round's answers are one statement).
 */
export class AnswerPrerenderSchedule {
  private readonly answers: OverviewAnswerRepository;
  private readonly reads: OverviewReadRepository;
  private running: Promise<unknown> | undefined;
  private stopping = false;
  /** The configuration version and day of the last complete pass. */
  private done: string | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly configurations: DisplayConfigurationCache,
    private readonly options: AnswerPrerenderScheduleOptions,
  ) {
    this.answers = new OverviewAnswerRepository(db);
    this.reads = new OverviewReadRepository(db);
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
          batch: this.options.batch,
          shouldStop: () => this.stopping,
          configurations: this.configurations,
        }),
      );
      if (!result) return 'busy' as const;
      if (result.complete) this.done = `${result.configurationVersion}@${result.day}`;
      if (result.rendered) {
        this.options.log.log(
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
      this.options.log.warn(
        { err: e instanceof Error ? e.message : String(e) },
        'overview pre-render failed; will retry',
      );
      return 'busy';
    } finally {
      this.running = undefined;
    }
  }

  /** Starts no more passes and resolves when the one under way has ended its round. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }
}
