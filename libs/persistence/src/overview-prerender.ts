import type { DataSource } from 'typeorm';
import { buildDisplayConfiguration, danishDay, type DisplayConfiguration, renderCitizenPart } from '@overblik/domain';
import {
  OverviewAnswerRepository,
  renderedAnswerRow,
  type StaleCitizen,
} from './repositories/overview-answer.repository';
import { OverviewReadRepository } from './repositories/overview-read.repository';

export interface PrerenderOptions {
  /** Citizens read, rendered and stored per round (default 500). */
  batch?: number;
  /** Stop after this many answers (default: all). */
  limit?: number;
  /** The day to render for (default: today in Danish time). */
  day?: string;
  /** Asked before each round; true ends the pass early (a shutdown). */
  shouldStop?: () => boolean;
  onProgress?: (rendered: number, seconds: number) => void;
}

export interface PrerenderResult {
  rendered: number;
  seconds: number;
  day: string;
  configurationVersion: string;
  /** True when no stale answer was left (not stopped, not cut by the limit). */
  complete: boolean;
}

/**
 * One pass over every citizen whose stored answer is missing or stale (read model, configuration or day
 * moved): render it with the display rules under one configuration snapshot and store it. Reading the
 * next round overlaps storing the last. Used by `npm run overview:prerender` and the worker's schedule.
 */
export async function prerenderAnswers(db: DataSource, options: PrerenderOptions = {}): Promise<PrerenderResult> {
  const batch = options.batch ?? 500;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const reads = new OverviewReadRepository(db);
  const answers = new OverviewAnswerRepository(db);
  const config = buildDisplayConfiguration(await reads.displayConfiguration());
  const day = options.day ?? danishDay();
  const started = Date.now();
  let after = '';
  let rendered = 0;
  let complete = false;
  let storing: Promise<void> = Promise.resolve();
  try {
    while (rendered < limit && !options.shouldStop?.()) {
      const [stale] = await Promise.all([
        answers.staleAfter(after, config.version, day, Math.min(batch, limit - rendered)),
        storing,
      ]);
      if (!stale.length) {
        complete = true;
        break;
      }
      storing = answers.store(renderedRows(stale, config, day));
      rendered += stale.length;
      after = stale[stale.length - 1]!.citizenKey;
      options.onProgress?.(rendered, (Date.now() - started) / 1000);
    }
  } finally {
    await storing;
  }
  return { rendered, seconds: (Date.now() - started) / 1000, day, configurationVersion: config.version, complete };
}

/** Each citizen's answer rendered under `config` on `day`, as the rows that store it. */
export function renderedRows(citizens: readonly StaleCitizen[], config: DisplayConfiguration, day: string) {
  return citizens.map((c) =>
    renderedAnswerRow(
      { citizenKey: c.citizenKey, revision: c.revision, configurationVersion: config.version, day },
      renderCitizenPart(c.body, { config, today: day }),
    ),
  );
}
