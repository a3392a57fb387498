/**
 * Parity check of the real ingestion path against the generator's expectations: posts generated
 * citizens to a running API (`POST /v1/deliveries/stream`, one stream per fagsystem), waits until the
 * worker has applied everything, then compares each item's outcome with what its dirt says (clean →
 * applied, held → held by its rule, refused → rejected by its rule, retired KLE → applied) and each
 * citizen's read model with the domain's projection of what the worker accepted.
 *   npm run generate:parity -- --api http://127.0.0.1:3000 --database-url postgres://…/overblik \
 *     [--seed 5] [--citizens 100] [--dirty 0.05] [--from 0]
 * The API must run with the development keys' JWKS and the same CPR_HASH_KEY as given here (env).
 * Exits 1 when anything differs. Never prints a CPR number.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { cprKey, projectCitizenOverview } from '@overblik/domain';
import { labourMarketSeed } from '@overblik/kle';
import { createDataSource, OverviewReadRepository } from '@overblik/persistence';
import { mintToken } from '@overblik/platform';
import { loadOrCreateDevKeys } from '../auth/mint-token';
import { acceptCitizen } from './citizen-rows';
import { DEFAULT_AS_OF, generateCitizen, type GeneratedCitizen, type GeneratedItem } from './citizen.generator';
import { postSink, type Sink } from './generate.cli';
import { seedNationalReference } from './national-reference.seed';
import { canonical } from './canonical-json';

interface ItemStatus {
  seq: number;
  state: 'pending' | 'applied' | 'rejected' | 'held' | 'stale';
  rule: string | null;
}

/** What the platform should do with a generated item. */
export function expectedOutcome(g: GeneratedItem): string {
  if (!g.dirty || g.dirty.outcome === 'mapped') return 'applied';
  return `${g.dirty.outcome} ${g.dirty.rule}`;
}

async function statuses(api: string, token: string, deliveryId: string): Promise<ItemStatus[]> {
  const out: ItemStatus[] = [];
  let after = -1;
  for (;;) {
    const res = await fetch(`${api}/v1/deliveries/${deliveryId}?after=${after}&limit=5000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`GET /v1/deliveries/${deliveryId} answered ${res.status}`);
    const page = (await res.json()) as { items: ItemStatus[]; nextAfter: number | null };
    out.push(...page.items);
    if (page.nextAfter === null) return out;
    after = page.nextAfter;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      'database-url': { type: 'string' },
      seed: { type: 'string', default: '5' },
      citizens: { type: 'string', default: '100' },
      from: { type: 'string', default: '0' },
      dirty: { type: 'string', default: '0.05' },
      'timeout-seconds': { type: 'string', default: '300' },
    },
  });
  const api = values.api ?? 'http://127.0.0.1:3000';
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(api))
    throw new Error('--api must be a local API (http://127.0.0.1:<port>)');
  const url = values['database-url'] ?? process.env['DATABASE_URL'];
  if (!url) throw new Error('--database-url (or DATABASE_URL) is required');
  const secret = process.env['CPR_HASH_KEY'];
  if (!secret || secret.length < 32) throw new Error("CPR_HASH_KEY (the API's, ≥ 32 characters) is required");
  const [seed, count, from, dirty] = [
    Number(values.seed),
    Number(values.citizens),
    Number(values.from),
    Number(values.dirty),
  ];
  const options = { seed, dirtyShare: dirty, asOf: DEFAULT_AS_OF };

  const db = createDataSource({ url, poolSize: 2, applicationName: 'overblik-parity' });
  await db.initialize();
  try {
    await seedNationalReference(db);
    const keys = await loadOrCreateDevKeys();
    const tokens = new Map<string, string>();
    const sinks = new Map<string, Sink>();
    const sent = new Map<string, GeneratedItem[]>();
    const citizens: GeneratedCitizen[] = [];
    for (let i = from; i < from + count; i++) {
      const citizen = generateCitizen(i, options);
      citizens.push(citizen);
      for (const g of citizen.items) {
        let sink = sinks.get(g.fagsystem);
        if (!sink) {
          const token = await mintToken({
            privateJwk: keys.privateJwk,
            issuer: 'overblik-dev',
            audience: 'overblik-delivery',
            subject: g.fagsystem,
            scope: 'delivery:write',
            expiresIn: '1h',
          });
          tokens.set(g.fagsystem, token);
          sinks.set(g.fagsystem, (sink = postSink(api, token, g.fagsystem)));
          sent.set(g.fagsystem, []);
        }
        sent.get(g.fagsystem)?.push(g);
        if (!sink.stream.write(`${JSON.stringify(g.item)}\n`)) await once(sink.stream, 'drain');
      }
    }
    for (const sink of sinks.values()) sink.stream.end();
    const deliveries = new Map<string, string>();
    for (const [fagsystem, sink] of sinks)
      deliveries.set(fagsystem, (JSON.parse(await sink.done) as { deliveryId: string }).deliveryId);

    // wait until the worker has applied every item
    const deadline = Date.now() + Number(values['timeout-seconds']) * 1000;
    const outcomes = new Map<string, ItemStatus[]>();
    for (;;) {
      let pending = 0;
      for (const [fagsystem, id] of deliveries) {
        const items = await statuses(api, tokens.get(fagsystem) ?? '', id);
        outcomes.set(fagsystem, items);
        pending += items.filter((s) => s.state === 'pending').length;
      }
      if (!pending) break;
      if (Date.now() > deadline) throw new Error(`${pending} items still pending after the timeout`);
      await new Promise((r) => setTimeout(r, 1000));
    }

    // each item against its expectation
    const itemTable = new Map<string, number>();
    const unexpected = new Set<string>();
    let itemMismatches = 0;
    for (const [fagsystem, items] of sent) {
      const bySeq = new Map((outcomes.get(fagsystem) ?? []).map((s) => [s.seq, s]));
      items.forEach((g, seq) => {
        const s = bySeq.get(seq);
        const actual = s ? (s.state === 'applied' ? 'applied' : `${s.state} ${s.rule ?? ''}`.trim()) : 'missing';
        const expected = expectedOutcome(g);
        if (actual !== expected) {
          itemMismatches++;
          if (actual !== 'applied' && actual.split(' ')[0] !== 'held') unexpected.add(g.item.object.uuid);
        }
        const key = `${expected} → ${actual}`;
        itemTable.set(key, (itemTable.get(key) ?? 0) + 1);
      });
    }

    // each citizen's read model against the projection of what the worker kept
    const reads = new OverviewReadRepository(db);
    const kle = labourMarketSeed();
    let same = 0;
    let differ = 0;
    for (const citizen of citizens) {
      const kept = { ...citizen, items: citizen.items.filter((g) => !unexpected.has(g.item.object.uuid)) };
      const expected = projectCitizenOverview(acceptCitizen(kept, { kle, knownBevilling: () => true }).rows);
      const stored = await reads.read(cprKey(citizen.cpr, secret), new Date().toISOString().slice(0, 10), false);
      if (JSON.stringify(canonical(stored.body)) === JSON.stringify(canonical(JSON.parse(JSON.stringify(expected)))))
        same++;
      else differ++;
    }
    const summary = {
      seed,
      citizens: count,
      from,
      dirty,
      items: [...sent.values()].reduce((n, l) => n + l.length, 0),
      outcomes: Object.fromEntries([...itemTable.entries()].sort((a, b) => b[1] - a[1])),
      itemMismatches,
      // the expectation leaves out items the worker refused unexpectedly, so a difference here is the projection's
      readModels: { same, differ },
    };
    console.log(JSON.stringify(summary, null, 2));
    if (itemMismatches || differ) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
