/**
 * npm run overview:prerender -- [--batch 500] [--limit N]
 * Renders the overview answer of every citizen whose stored answer is missing or no longer valid (the read
 * model, the configuration or the day moved) and stores it, so the API answers those citizens from the
 * store. The worker does the same on its own schedule (OVERVIEW_PRERENDER_INTERVAL_MS); this command is
 * for a first fill or an operator who wants it now. The API renders and stores any answer it finds stale
 * itself, so either only moves that work off the citizens' calls. DATABASE_URL names the database.
 */
import { parseArgs } from 'node:util';
import { DisplayConfigurationCache, prerenderAnswers } from '@overblik/overview-answer';
import { createDataSource, OverviewAnswerRepository, OverviewReadRepository } from '@overblik/persistence';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { batch: { type: 'string', default: '500' }, limit: { type: 'string' } } });
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is missing');
  const batch = Number(values.batch);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be 1–10000');
  const db = createDataSource({ url, poolSize: 3, applicationName: 'overblik-overview-prerender' });
  await db.initialize();
  try {
    let reported = 0;
    const result = await prerenderAnswers(db, {
      batch,
      limit,
      configurations: new DisplayConfigurationCache(new OverviewReadRepository(db)),
      onProgress: (rendered, seconds) => {
        if (rendered - reported < batch * 20) return;
        reported = rendered;
        console.log(`${rendered} answers rendered in ${seconds.toFixed(0)} s (${Math.round(rendered / seconds)}/s)`);
      },
    });
    const { valid, citizens } = await new OverviewAnswerRepository(db).coverage(
      result.configurationVersion,
      result.day,
    );
    console.log(
      `rendered and stored ${result.rendered} answers in ${result.seconds.toFixed(1)} s (${Math.round(result.rendered / Math.max(result.seconds, 0.001))}/s) ` +
        `for ${result.day}, configuration version ${result.configurationVersion}; ${valid} of ${citizens} citizens now have a valid stored answer`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
