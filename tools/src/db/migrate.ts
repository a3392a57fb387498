import { createDataSource, ensureDatabase } from '@overblik/persistence';

/** npm run migrate -- up|down|status [--create]: run the TypeORM migrations against DATABASE_URL. */
async function main(): Promise<void> {
  const [command = 'up', ...flags] = process.argv.slice(2);
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is missing');
  if (flags.includes('--create')) await ensureDatabase(url);
  const db = createDataSource({ url, poolSize: 2, applicationName: 'overblik-migrate' });
  await db.initialize();
  try {
    if (command === 'up') {
      const applied = await db.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
    } else if (command === 'down') {
      await db.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else if (command === 'status') {
      console.log((await db.showMigrations()) ? 'migrations are pending' : 'schema is up to date');
    } else {
      throw new Error(`unknown command ${command}: use up, down or status`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
