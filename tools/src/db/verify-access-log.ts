import { AccessLogRepository, createDataSource } from '@overblik/persistence';

/**
 * npm run audit:verify: recompute the access log's hash chain against DATABASE_URL and say whether it is
 * whole, or the first record where it breaks (changed, removed or cut off). Exit code 0 whole, 3 broken.
 */
async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is missing');
  const db = createDataSource({ url, poolSize: 2, applicationName: 'overblik-audit-verify' });
  await db.initialize();
  try {
    const started = Date.now();
    const result = await new AccessLogRepository(db).verify();
    const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    if (result.ok) {
      console.log(`access log whole: ${result.checked} records checked in ${took}`);
    } else {
      console.log(
        `access log BROKEN at record ${result.brokenAt} (${result.checked} records before it are whole; ${took})`,
      );
      process.exitCode = 3;
    }
  } finally {
    await db.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
