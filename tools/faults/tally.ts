// What became of every item the platform accepted (answered 202 for), read from the database once the
// platform has settled: applied, rejected, held, or — the failures — lost, applied twice, stuck.
import type { DataSource } from 'typeorm';

export interface AcceptedItem {
  objectId: string;
  tidspunkt: string;
  kind: string;
}

export interface FaultTally {
  accepted: number;
  applied: number;
  rejected: number;
  held: number;
  stale: number;
  /** Accepted, and then no trace: not in the inbox, or marked applied but absent from its index. */
  lost: number;
  /** The same registration written to the index more than once. */
  appliedTwice: number;
  /** Still pending in the inbox when the settle time ran out. */
  stuck: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait until nothing is pending and no stream is being written, or `settleMs` passed. */
export async function settle(db: DataSource, settleMs: number): Promise<void> {
  const until = Date.now() + settleMs;
  while (Date.now() < until) {
    try {
      const [row]: Array<{ pending: number }> = await db.query(
        `select (select count(*) from delivery_item where state = 'pending')::int
              + (select count(*) from delivery where state = 'open')::int as pending`,
      );
      if (row?.pending === 0) return;
    } catch {
      // the database is coming back
    }
    await sleep(250);
  }
}

export async function tallyFault(db: DataSource, accepted: AcceptedItem[], settleMs: number): Promise<FaultTally> {
  await settle(db, settleMs);
  const rows: Array<{ outcome: string; n: number }> = await db.query(
    `with expected as (
       select * from unnest($1::uuid[], $2::timestamptz[], $3::text[]) as e(object_id, tidspunkt, kind)
     ), seen as (
       select e.object_id, e.tidspunkt, e.kind,
              (select array_agg(di.state) from delivery_item di
                where di.object_id = e.object_id and di.source_tidspunkt = e.tidspunkt) as states,
              (select count(*) from index_registration r
                where r.object_id = e.object_id and r.source_tidspunkt = e.tidspunkt and r.outcome = 'applied') as writes,
              case e.kind
                when 'sag' then exists (select 1 from sag s where s.id = e.object_id and s.source_tidspunkt >= e.tidspunkt)
                when 'dokument' then exists (select 1 from dokument d where d.id = e.object_id and d.source_tidspunkt >= e.tidspunkt)
                else true end as indexed
         from expected e
     )
     select case
              when states is null then 'lost'
              when writes > 1 then 'appliedTwice'
              when 'pending' = any(states) then 'stuck'
              when 'applied' = any(states) and not indexed then 'lost'
              when 'applied' = any(states) then 'applied'
              when 'held' = any(states) then 'held'
              when 'stale' = any(states) then 'stale'
              else 'rejected' end as outcome,
            count(*)::int as n
       from seen group by 1`,
    [accepted.map((a) => a.objectId), accepted.map((a) => a.tidspunkt), accepted.map((a) => a.kind)],
  );
  const tally: FaultTally = {
    accepted: accepted.length,
    applied: 0,
    rejected: 0,
    held: 0,
    stale: 0,
    lost: 0,
    appliedTwice: 0,
    stuck: 0,
  };
  for (const r of rows) tally[r.outcome as keyof FaultTally] = r.n;
  return tally;
}

const COLUMNS = [
  ['fault', 18],
  ['accepted', 9],
  ['applied', 8],
  ['rejected', 9],
  ['held', 5],
  ['stale', 6],
  ['lost', 5],
  ['applied twice', 14],
  ['stuck', 6],
  ['retries', 8],
  ['slowest answer s', 17],
  ['seconds', 8],
] as const;

/** The per-fault table the suite prints. */
export function faultTable(
  results: ReadonlyArray<FaultTally & { fault: string; retries: number; slowestAnswer: number; seconds: number }>,
): string {
  const cell = (v: string | number, w: number, left = false): string =>
    left ? String(v).padEnd(w) : String(v).padStart(w);
  const head = COLUMNS.map(([name, w], i) => cell(name, w, i === 0)).join(' │ ');
  const rule = COLUMNS.map(([, w]) => '─'.repeat(w)).join('─┼─');
  const lines = results.map((r) =>
    [
      r.fault,
      r.accepted,
      r.applied,
      r.rejected,
      r.held,
      r.stale,
      r.lost,
      r.appliedTwice,
      r.stuck,
      r.retries,
      r.slowestAnswer,
      r.seconds,
    ]
      .map((v, i) => cell(v, COLUMNS[i]![1], i === 0))
      .join(' │ '),
  );
  return [head, rule, ...lines].join('\n');
}

/** A fault run fails when anything accepted was lost, applied twice or left stuck. */
export function failedFaults(results: ReadonlyArray<FaultTally & { fault: string }>): string[] {
  return results
    .filter((r) => r.lost > 0 || r.appliedTwice > 0 || r.stuck > 0 || r.accepted === 0)
    .map(
      (r) => `${r.fault}: lost ${r.lost}, applied twice ${r.appliedTwice}, stuck ${r.stuck}, accepted ${r.accepted}`,
    );
}
