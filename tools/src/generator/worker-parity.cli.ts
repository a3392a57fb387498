/**
 * Parity check of the real ingestion path against the generator's expectations: posts generated
 * citizens to a running API (`POST /v1/deliveries/stream`, one stream per fagsystem), waits until the
 * worker has applied everything, then compares each item's outcome with what its dirt says (clean →
 * applied, held → held by its rule, refused → rejected by its rule, retired KLE → applied) and each
 * citizen's read model with the domain's projection of what the generator expects the worker to keep.
 * Any outcome the generator did not plan (a rejection that is not its dirt, a missing or pending item)
 * fails the check: it is counted, listed by kind and left in the expectation, so its read model differs.
 *   npm run generate:parity -- --api http://127.0.0.1:3000 --database-url postgres://…/overblik \
 *     [--seed 5] [--citizens 100] [--dirty 0.05] [--from 0]
 * The API must run with the development keys' JWKS and the same CPR_HASH_KEY as given here (env).
 * Prints a summary and exits 1 when anything differs. Never prints a CPR number.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { cprKey, projectCitizenOverview } from '@overblik/domain';
import { labourMarketSeed } from '@overblik/kle';
import { createDataSource, OverviewReadRepository } from '@overblik/persistence';
import { mintToken, type DevKeyPair } from '@overblik/platform';
import { loadOrCreateDevKeys } from '../auth/mint-token';
import { acceptCitizen } from './citizen-rows';
import { DEFAULT_AS_OF, generateCitizen, type GeneratedCitizen, type GeneratedItem } from './citizen.generator';
import { postSink, type Sink } from './generate.cli';
import { seedNationalReference } from './national-reference.seed';
import { canonical } from './canonical-json';

export interface ItemStatus {
  seq: number;
  state: 'pending' | 'applied' | 'rejected' | 'held' | 'stale';
  rule: string | null;
}

/** What the platform should do with a generated item. */
export function expectedOutcome(g: GeneratedItem): string {
  if (!g.dirty || g.dirty.outcome === 'mapped') return 'applied';
  return `${g.dirty.outcome} ${g.dirty.rule}`;
}

/** What the platform did with it (`missing` when the delivery has no item at that position). */
export function actualOutcome(s: ItemStatus | undefined): string {
  if (!s) return 'missing';
  return s.state === 'applied' ? 'applied' : `${s.state} ${s.rule ?? ''}`.trim();
}

export interface UnexpectedOutcome {
  fagsystem: string;
  seq: number;
  objectType: string;
  uuid: string;
  expected: string;
  actual: string;
}

export interface OutcomeComparison {
  /** `expected → actual` with how many items had it. */
  table: Record<string, number>;
  /** Every item whose outcome is not the one the generator planned. */
  unexpected: UnexpectedOutcome[];
}

/** Each sent item (by fagsystem, in the order sent) against the outcome the platform reports. */
export function compareOutcomes(
  sent: ReadonlyMap<string, readonly GeneratedItem[]>,
  outcomes: ReadonlyMap<string, readonly ItemStatus[]>,
): OutcomeComparison {
  const table = new Map<string, number>();
  const unexpected: UnexpectedOutcome[] = [];
  for (const [fagsystem, items] of sent) {
    const bySeq = new Map((outcomes.get(fagsystem) ?? []).map((s) => [s.seq, s]));
    items.forEach((g, seq) => {
      const expected = expectedOutcome(g);
      const actual = actualOutcome(bySeq.get(seq));
      if (actual !== expected) {
        unexpected.push({
          fagsystem,
          seq,
          objectType: g.item.object.objectType,
          uuid: g.item.object.uuid,
          expected,
          actual,
        });
      }
      const key = `${expected} → ${actual}`;
      table.set(key, (table.get(key) ?? 0) + 1);
    });
  }
  return { table: Object.fromEntries([...table.entries()].sort((a, b) => b[1] - a[1])), unexpected };
}

export interface ParityVerdict {
  ok: boolean;
  /** Exit code for the command: 0 when everything matched, 1 otherwise. */
  exitCode: 0 | 1;
  /** One line per kind of difference (empty when ok). */
  reasons: string[];
}

/** The check passes only when every item had its planned outcome and every read model is the expected one. */
export function parityVerdict(
  comparison: OutcomeComparison,
  readModels: { same: number; differ: number },
): ParityVerdict {
  const reasons: string[] = [];
  if (comparison.unexpected.length) {
    const kinds = new Map<string, number>();
    for (const u of comparison.unexpected) {
      const key = `${u.expected} → ${u.actual}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
    reasons.push(
      `${comparison.unexpected.length} items had an outcome the generator did not plan: ` +
        [...kinds.entries()].map(([k, n]) => `${n} × ${k}`).join(', '),
    );
  }
  if (readModels.differ) reasons.push(`${readModels.differ} read models differ from the expected projection`);
  return { ok: reasons.length === 0, exitCode: reasons.length ? 1 : 0, reasons };
}

export async function deliveryStatuses(api: string, token: string, deliveryId: string): Promise<ItemStatus[]> {
  const out: ItemStatus[] = [];
  // the first page has no `after` (it starts at the first item, seq 0)
  let after: number | null = null;
  for (;;) {
    const query = after === null ? 'limit=5000' : `after=${after}&limit=5000`;
    const res = await fetch(`${api}/v1/deliveries/${deliveryId}?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`GET /v1/deliveries/${deliveryId} answered ${res.status}`);
    const page = (await res.json()) as { items: ItemStatus[]; nextAfter: number | null };
    out.push(...page.items);
    if (page.nextAfter === null) return out;
    after = page.nextAfter;
  }
}

export interface Delivered {
  /** The items sent, by fagsystem, in the order sent (position = the item's seq in its delivery). */
  sent: Map<string, GeneratedItem[]>;
  /** The platform's status of each item once nothing is pending. */
  outcomes: Map<string, ItemStatus[]>;
}

/**
 * Post the citizens' items to a running API (one stream per fagsystem, tokens from `keys`) and wait until
 * the worker has decided every item, or fail after `timeoutMs`.
 */
export async function deliverAndWait(
  api: string,
  keys: Pick<DevKeyPair, 'privateJwk'>,
  citizens: readonly GeneratedCitizen[],
  timeoutMs: number,
): Promise<Delivered> {
  const tokens = new Map<string, string>();
  const sinks = new Map<string, Sink>();
  const sent = new Map<string, GeneratedItem[]>();
  for (const citizen of citizens) {
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

  const deadline = Date.now() + timeoutMs;
  const outcomes = new Map<string, ItemStatus[]>();
  for (;;) {
    let pending = 0;
    for (const [fagsystem, id] of deliveries) {
      const items = await deliveryStatuses(api, tokens.get(fagsystem) ?? '', id);
      outcomes.set(fagsystem, items);
      pending += items.filter((s) => s.state === 'pending').length;
    }
    if (!pending) return { sent, outcomes };
    if (Date.now() > deadline) throw new Error(`${pending} items still pending after the timeout`);
    await new Promise((r) => setTimeout(r, 500));
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
    const citizens: GeneratedCitizen[] = [];
    for (let i = from; i < from + count; i++) citizens.push(generateCitizen(i, options));
    const { sent, outcomes } = await deliverAndWait(
      api,
      await loadOrCreateDevKeys(),
      citizens,
      Number(values['timeout-seconds']) * 1000,
    );
    const comparison = compareOutcomes(sent, outcomes);

    // each citizen's read model against the projection of everything the generator expects to be kept:
    // an item refused unexpectedly stays in the expectation, so its citizen's read model differs too
    const reads = new OverviewReadRepository(db);
    const kle = labourMarketSeed();
    let same = 0;
    let differ = 0;
    for (const citizen of citizens) {
      const expected = projectCitizenOverview(acceptCitizen(citizen, { kle, knownBevilling: () => true }).rows);
      const stored = await reads.read(cprKey(citizen.cpr, secret), new Date().toISOString().slice(0, 10), false);
      if (JSON.stringify(canonical(stored.body)) === JSON.stringify(canonical(JSON.parse(JSON.stringify(expected)))))
        same++;
      else differ++;
    }
    const verdict = parityVerdict(comparison, { same, differ });
    const summary = {
      seed,
      citizens: count,
      from,
      dirty,
      items: [...sent.values()].reduce((n, l) => n + l.length, 0),
      outcomes: comparison.table,
      unexpected: {
        count: comparison.unexpected.length,
        first: comparison.unexpected.slice(0, 10),
      },
      readModels: { same, differ },
      verdict: verdict.ok ? 'same' : 'differs',
    };
    console.log(JSON.stringify(summary, null, 2));
    for (const reason of verdict.reasons) console.error(`parity: ${reason}`);
    process.exitCode = verdict.exitCode;
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
