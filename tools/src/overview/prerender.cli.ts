/**
 * npm run overview:prerender -- [--batch 500] [--limit N]
 * Renders the overview answer of every citizen whose stored answer is missing or no longer valid (the read
 * model, the configuration or the day moved) and stores it, so the API answers those citizens from the
 * store. Run it after a configuration change and each night after midnight (Danish time); the API renders
 * and stores any answer it finds stale itself, so this only moves that work off the citizens' calls.
 * DATABASE_URL names the database.
 */
import { parseArgs } from 'node:util';
import { buildDisplayConfiguration, danishDay, renderCitizenPart } from '@overblik/domain';
import { createDataSource, OverviewAnswerRepository, OverviewReadRepository, renderedAnswerRow } from '@overblik/persistence';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { batch: { type: 'string', default: '500' }, limit: { type: 'string' } } });
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is missing');
  const batch = Number(values.batch);
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be 1–10000');
  const db = createDataSource({ url, poolSize: 3, applicationName: 'overblik-overview-prerender' });
  await db.initialize();
  try {
    const reads = new OverviewReadRepository(db);
    const answers = new OverviewAnswerRepository(db);
    const config = buildDisplayConfiguration(await reads.displayConfiguration());
    const day = danishDay();
    const started = Date.now();
    let after = '';
    let rendered = 0;
    let storing: Promise<void> = Promise.resolve();
    while (rendered < limit) {
      const [stale] = await Promise.all([answers.staleAfter(after, config.version, day, Math.min(batch, limit - rendered)), storing]);
      if (!stale.length) break;
      const rows = stale.map((c) =>
        renderedAnswerRow({ citizenKey: c.citizenKey, revision: c.revision, configurationVersion: config.version, day }, renderCitizenPart(c.body, { config, today: day })),
      );
      storing = answers.store(rows); // overlaps the next read
      rendered += rows.length;
      after = stale[stale.length - 1]!.citizenKey;
      if (rendered % (batch * 20) < batch) {
        const s = (Date.now() - started) / 1000;
        console.log(`${rendered} answers rendered in ${s.toFixed(0)} s (${Math.round(rendered / s)}/s)`);
      }
    }
    await storing;
    const seconds = (Date.now() - started) / 1000;
    const { valid, citizens } = await answers.coverage(config.version, day);
    console.log(
      `rendered and stored ${rendered} answers in ${seconds.toFixed(1)} s (${Math.round(rendered / Math.max(seconds, 0.001))}/s) ` +
        `for ${day}, configuration version ${config.version}; ${valid} of ${citizens} citizens now have a valid stored answer`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
