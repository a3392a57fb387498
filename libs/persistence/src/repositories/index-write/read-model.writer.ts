import type { CitizenOverviewPatch } from '@overblik/domain';
import { j, returned, type Tx } from './sql';

/** One citizen's patch; `created` is the patched empty document for a citizen seen for the first time. */
export interface OverviewPatchRow {
  citizenKey: string;
  created: unknown | null;
  patch: CitizenOverviewPatch;
}

/** SQL that merges one array of the read model: old entries not replaced or dropped, plus the new ones, in order. */
// An array the patch does not touch (no entry put, nothing dropped) is kept as it is, not unpacked and sorted.
const mergeEntries = (field: string, order: string): string => `
  case when jsonb_array_length(p.${field}) = 0 and cardinality(p.drop_ids) = 0 then coalesce(o.body->'${field}', '[]'::jsonb) else
  (select coalesce(jsonb_agg(e order by ${order}), '[]'::jsonb)
     from (select e from jsonb_array_elements(o.body->'${field}') e where not ((e->>'id') = any(p.out_ids))
           union all
           select e from jsonb_array_elements(p.${field}) e) m) end`;
// the orders of compareOverviewSager, compareOverviewBevillinger and compareOverviewEffektueringer (libs/domain)
const SAG_ORDER = `e->>'opstaaet' collate "C" desc, e->>'id' collate "C"`;
const BEVILLING_ORDER = `e->>'id' collate "C"`;
const EFFEKTUERING_ORDER = `e->>'dispositionsdato' collate "C" desc, e->>'id' collate "C"`;
const EMPTY_OVERVIEW = '{"version":1,"sager":[],"bevillinger":[],"effektueringer":[]}';

/** The patched empty documents of first-seen citizens, unless another chunk got there first; the keys inserted. */
async function insertFresh(tx: Tx, pending: readonly OverviewPatchRow[]): Promise<Set<string>> {
  const fresh = pending.filter((p) => p.created !== null);
  if (!fresh.length) return new Set();
  const rows: Array<{ citizen_key: string }> = await tx.query(
    `insert into citizen_overview (citizen_key, body, revision, updated_at)
     select citizen_key, body, 1, now() from jsonb_to_recordset($1::jsonb) as r(citizen_key text, body jsonb)
     on conflict (citizen_key) do nothing
     returning citizen_key`,
    [j(fresh.map((p) => ({ citizen_key: p.citizenKey, body: p.created })))],
  );
  return new Set(rows.map((r) => r.citizen_key));
}

/** Merges the patches into the stored documents; the keys of the documents that were there to merge into. */
async function mergePatches(tx: Tx, rest: readonly OverviewPatchRow[]): Promise<Set<string>> {
  const params = rest.map(({ citizenKey, patch }) => ({
    citizen_key: citizenKey,
    out_ids: [
      ...new Set([
        ...patch.drop,
        ...patch.sager.map((e) => e.id),
        ...patch.bevillinger.map((e) => e.id),
        ...patch.effektueringer.map((e) => e.id),
      ]),
    ],
    drop_ids: patch.drop,
    sager: patch.sager,
    bevillinger: patch.bevillinger,
    effektueringer: patch.effektueringer,
  }));
  const result = await tx.query(
    `update citizen_overview o
        set body = jsonb_build_object('version', 1,
              'sager', ${mergeEntries('sager', SAG_ORDER)},
              'bevillinger', ${mergeEntries('bevillinger', BEVILLING_ORDER)},
              'effektueringer', ${mergeEntries('effektueringer', EFFEKTUERING_ORDER)}),
            revision = o.revision + 1, updated_at = now()
       from jsonb_to_recordset($1::jsonb) as p(citizen_key text, out_ids text[], drop_ids text[], sager jsonb, bevillinger jsonb, effektueringer jsonb)
      where o.citizen_key = p.citizen_key
      returning o.citizen_key`,
    [j(params)],
  );
  return new Set(returned<{ citizen_key: string }>(result).map((r) => r.citizen_key));
}

/** A citizen left without data keeps no rendered answer either (it would hold what was removed). */
async function dropAnswers(tx: Tx, citizenKeys: readonly string[]): Promise<void> {
  if (citizenKeys.length)
    await tx.query('delete from overview_answer where citizen_key = any($1::text[])', [citizenKeys]);
}

/** Documents these patches may have emptied are deleted when empty, with their rendered answers. */
async function deleteEmptied(tx: Tx, merged: readonly OverviewPatchRow[]): Promise<void> {
  const mayEmpty = merged.filter((p) => p.patch.drop.length).map((p) => p.citizenKey);
  if (!mayEmpty.length) return;
  const emptied = returned<{ citizen_key: string }>(
    await tx.query(
      `delete from citizen_overview where citizen_key = any($1::text[])
          and body->'sager' = '[]'::jsonb and body->'bevillinger' = '[]'::jsonb and body->'effektueringer' = '[]'::jsonb
       returning citizen_key`,
      [mayEmpty],
    ),
  );
  await dropAnswers(
    tx,
    emptied.map((r) => r.citizen_key),
  );
}

/**
 * Applies read-model patches in SQL, without reading the documents into the worker: entries with the
 * patch's ids (and the dropped ids) are taken out, the new entries put in, and each array ordered as the
 * projection orders it. A citizen without a document gets one; a document left empty is deleted. The
 * update merges into the newest committed version of each row (PostgreSQL re-reads a row a concurrent
 * chunk updated), so two chunks patching one citizen both land.
 */
export async function patchOverviews(tx: Tx, patches: readonly OverviewPatchRow[]): Promise<void> {
  // A citizen seen for the first time gets the patched empty document, unless another chunk got there
  // first; the others are merged into the stored document. A document another chunk deleted (it emptied
  // it) between the two gets the patched empty document after all: round again until every patch landed.
  let pending = patches;
  const merged: OverviewPatchRow[] = [];
  for (let round = 0; pending.length; round++) {
    if (round === 5) throw new Error('read-model documents kept vanishing while being patched');
    const inserted = await insertFresh(tx, pending);
    const rest = pending.filter((p) => !inserted.has(p.citizenKey));
    if (!rest.length) break;
    const updated = await mergePatches(tx, rest);
    merged.push(...rest.filter((p) => updated.has(p.citizenKey)));
    // gone under us: a patch that only drops entries has nothing left to do there
    pending = rest.filter((p) => !updated.has(p.citizenKey) && p.created !== null);
  }
  await deleteEmptied(tx, merged);
}

/**
 * Locks the read-model rows of these citizens, in key order, and waits for the chunks patching them. A
 * citizen without a row gets an empty placeholder (revision 0) first, which no reader sees: this
 * transaction replaces or deletes it, and a chunk inserting the same citizen meanwhile waits and then
 * merges into what this transaction commits.
 */
export async function lockOverviews(tx: Tx, citizenKeys: readonly string[]): Promise<void> {
  if (!citizenKeys.length) return;
  const keys = [...new Set(citizenKeys)].sort();
  await tx.query(
    `insert into citizen_overview (citizen_key, body, revision, updated_at)
     select k, '${EMPTY_OVERVIEW}'::jsonb, 0, now() from unnest($1::text[]) k order by k
     on conflict (citizen_key) do nothing`,
    [keys],
  );
  await tx.query(
    'select citizen_key from citizen_overview where citizen_key = any($1::text[]) order by citizen_key for update',
    [keys],
  );
}

/** Whole read-model documents replaced (a projection of every row); a citizen without data loses the row. */
export async function saveOverviews(
  tx: Tx,
  overviews: ReadonlyArray<{ citizenKey: string; body: unknown | null }>,
): Promise<void> {
  const keep = overviews.filter((o) => o.body !== null);
  const drop = overviews.filter((o) => o.body === null).map((o) => o.citizenKey);
  if (keep.length) {
    await tx.query(
      `insert into citizen_overview (citizen_key, body, revision, updated_at)
       select citizen_key, body, 1, now() from jsonb_to_recordset($1::jsonb) as r(citizen_key text, body jsonb)
       on conflict (citizen_key) do update set body = excluded.body, revision = citizen_overview.revision + 1, updated_at = now()`,
      [j(keep.map((o) => ({ citizen_key: o.citizenKey, body: o.body })))],
    );
  }
  if (drop.length) {
    await tx.query('delete from citizen_overview where citizen_key = any($1::text[])', [drop]);
    await dropAnswers(tx, drop);
  }
}
