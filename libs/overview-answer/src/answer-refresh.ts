import { danishDay, isCitizenKeyOfPerson } from '@overblik/domain';
import type { OverviewAnswerRepository } from '@overblik/persistence';
import type { AnswerLog } from './answer-log';
import { renderedRows } from './answer-prerender';
import type { DisplayConfigurationCache } from './display-configuration.cache';

export interface AnswerRefreshOptions {
  /** Citizens read, rendered and stored per round. */
  batch: number;
  log: AnswerLog;
}

/**
 * Renders a citizen's stored answer (ADR 0003) right after their read model changed, so the next call
 * finds it ready instead of rendering it. Best effort and off the caller's path: the changed citizens
 * wait in a set (a citizen changed several times is rendered once per round) and one loop renders them
 * in rounds of `batch`, under the configuration snapshot in force. A round that fails, or one lost with
 * the process, costs only speed: the API renders a stale answer itself on the citizen's next call.
 */
export class AnswerRefresh {
  private readonly waiting = new Set<string>();
  private draining: Promise<void> | undefined;
  private stopping = false;
  /** Answers rendered since start (for tests and logs). */
  rendered = 0;

  constructor(
    private readonly answers: Pick<OverviewAnswerRepository, 'citizens' | 'store'>,
    private readonly configurations: DisplayConfigurationCache,
    private readonly options: AnswerRefreshOptions,
  ) {}

  changed(citizenKeys: readonly string[]): void {
    if (this.stopping) return;
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
      const keys = [...this.waiting].slice(0, this.options.batch);
      for (const key of keys) this.waiting.delete(key);
      try {
        await this.render(keys);
      } catch (e) {
        this.options.log.warn(
          { err: e instanceof Error ? e.message : String(e), citizens: keys.length },
          'rendering answers after ingest failed; the API renders them on the next call',
        );
      }
    }
  }

  private async render(keys: string[]): Promise<void> {
    const config = await this.configurations.latest();
    const citizens = await this.answers.citizens(keys);
    await this.answers.store(renderedRows(citizens, config, danishDay()));
    this.rendered += citizens.length;
  }

  /** Takes no more citizens and resolves when the round under way has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }
}
