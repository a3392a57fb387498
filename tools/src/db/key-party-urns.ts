/**
 * npm run index:key-party-urns -- [--batch 500]
 * Rewrites index bodies (sag, dokument, bevilling, effektuering and their history) stored before the
 * index keyed person parties: each CPR URN becomes `urn:overblik:cpr-key:<citizen key>`. Needs
 * DATABASE_URL and the platform's CPR_HASH_KEY; may run while the worker runs, and again (it then finds
 * nothing). Prints counts only, never a number.
 */
import { parseArgs } from 'node:util';
import { partyUrnKeys } from '@overblik/domain';
import { createDataSource, keyStoredPartyUrns } from '@overblik/persistence';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { batch: { type: 'string', default: '500' } } });
  const url = process.env['DATABASE_URL'];
  const secret = process.env['CPR_HASH_KEY'];
  if (!url) throw new Error('DATABASE_URL is missing');
  if (!secret || secret.length < 32) throw new Error('CPR_HASH_KEY is missing or shorter than 32 characters');
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('--batch must be 1–10000');
  const db = createDataSource({ url, poolSize: 2, applicationName: 'overblik-key-party-urns' });
  await db.initialize();
  try {
    const result = await keyStoredPartyUrns(db, (body) => partyUrnKeys(body, secret), { batch });
    for (const r of result) console.log(`${r.table}: ${r.rewritten} rows rewritten`);
  } finally {
    await db.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
