import type { DataSource } from 'typeorm';
import { danishDay, type DisplayConfiguration } from '@overblik/domain';
import {
  OverviewAnswerRepository,
  OverviewReadRepository,
  type RenderedAnswerRow,
  type StaleCitizen,
} from '@overblik/persistence';
import { type RenderedCitizenPart, renderCitizenPart } from './answer-render';
import { DisplayConfigurationCache } from './display-configuration.cache';

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
  /** The process's display configuration snapshot (default: one of the pass's own). */
  configurations?: DisplayConfigurationCache;
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
  const answers = new OverviewAnswerRepository(db);
  const configurations = options.configurations ?? new DisplayConfigurationCache(new OverviewReadRepository(db));
  const config = await configurations.latest();
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

/** The row that stores `part`, rendered on `day` from the citizen's read model at `revision` under `configurationVersion`. */
export function renderedAnswerRow(
  stamp: { citizenKey: string; revision: string; configurationVersion: string; day: string },
  part: RenderedCitizenPart,
): RenderedAnswerRow {
  return {
    citizenKey: stamp.citizenKey,
    revision: stamp.revision,
    configurationVersion: stamp.configurationVersion,
    validFrom: stamp.day,
    validUntil: part.validUntil,
    compressed: part.compressed,
    municipalities: part.disclosure.municipalities,
    recordIds: part.disclosure.recordIds,
    etag: part.etag,
  };
}

/** Each citizen's answer rendered under `config` on `day`, as the rows that store it. */
export function renderedRows(
  citizens: readonly StaleCitizen[],
  config: DisplayConfiguration,
  day: string,
): RenderedAnswerRow[] {
  return citizens.map((c) =>
    renderedAnswerRow(
      { citizenKey: c.citizenKey, revision: c.revision, configurationVersion: config.version, day },
      renderCitizenPart(c.body, { config, today: day }),
    ),
  );
}
