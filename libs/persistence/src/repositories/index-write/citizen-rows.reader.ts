import type { CitizenIndexRows } from '@overblik/domain';
import type { Tx } from './sql';

type Links = Array<{ dokumentId: string; titel: string | null }>;

/** A case's journal-post document links, as JSON, ordered by document id (a correlated sub-select on `s`). */
export const SAG_LINKS_SQL = `(select jsonb_agg(jsonb_build_object('dokumentId', sd.dokument_id, 'titel', sd.titel) order by sd.dokument_id)
   from sag_dokument sd where sd.citizen_key = s.citizen_key and sd.sag_id = s.id)`;

async function readSager(tx: Tx, keys: readonly string[], get: (k: string) => CitizenIndexRows): Promise<void> {
  const sager: Array<{ citizen_key: string; id: string; body: unknown; links: Links | null }> = await tx.query(
    `select s.citizen_key, s.id, s.body, ${SAG_LINKS_SQL} as links from sag s where s.citizen_key = any($1::text[])`,
    [keys],
  );
  for (const s of sager) get(s.citizen_key).sager.push({ id: s.id, body: s.body, links: s.links ?? [] });
}

/** The documents the citizens' cases link (not those their master removed). */
async function readDokumenter(tx: Tx, keys: readonly string[], get: (k: string) => CitizenIndexRows): Promise<void> {
  const docs: Array<{ citizen_key: string; id: string; body: unknown }> = await tx.query(
    `select distinct sd.citizen_key, d.id, d.body
       from sag_dokument sd join dokument d on d.id = sd.dokument_id and d.master_removed_at is null
      where sd.citizen_key = any($1::text[])`,
    [keys],
  );
  for (const d of docs) get(d.citizen_key).dokumenter.push({ id: d.id, body: d.body });
}

async function readBenefits(tx: Tx, keys: readonly string[], get: (k: string) => CitizenIndexRows): Promise<void> {
  for (const kind of ['bevilling', 'effektuering'] as const) {
    const rows: Array<{ citizen_key: string; id: string; body: unknown }> = await tx.query(
      `select citizen_key, id, body from ${kind} where citizen_key = any($1::text[])`,
      [keys],
    );
    for (const r of rows) {
      const into = kind === 'bevilling' ? get(r.citizen_key).bevillinger : get(r.citizen_key).effektueringer;
      into.push({ id: r.id, body: r.body });
    }
  }
}

/** Unreleased held texts; a held document shows up for every citizen whose case holds it. */
async function readHeld(tx: Tx, keys: readonly string[], get: (k: string) => CitizenIndexRows): Promise<void> {
  const held: Array<{ citizen_key: string; object_id: string; pointer: string; reason: string }> = await tx.query(
    `select h.citizen_key, h.object_id, h.pointer, h.reason from held_record h
      where h.released_at is null and (h.citizen_key = any($1::text[])
         or h.object_id in (select sd.dokument_id from sag_dokument sd where sd.citizen_key = any($1::text[])))`,
    [keys],
  );
  for (const h of held) {
    for (const k of keys) {
      const rows = get(k);
      if (h.citizen_key === k || rows.dokumenter.some((d) => d.id === h.object_id))
        rows.held.push({ objectId: h.object_id, pointer: h.pointer, reason: h.reason });
    }
  }
}

/** Everything stored for these citizens, for the read-model projection. */
export async function readCitizenRows(tx: Tx, citizenKeys: readonly string[]): Promise<Map<string, CitizenIndexRows>> {
  const out = new Map<string, CitizenIndexRows>();
  const get = (k: string): CitizenIndexRows => {
    let r = out.get(k);
    if (!r) out.set(k, (r = { sager: [], dokumenter: [], bevillinger: [], effektueringer: [], held: [] }));
    return r;
  };
  if (!citizenKeys.length) return out;
  for (const k of citizenKeys) get(k);
  await readSager(tx, citizenKeys, get);
  await readDokumenter(tx, citizenKeys, get);
  await readBenefits(tx, citizenKeys, get);
  await readHeld(tx, citizenKeys, get);
  return out;
}
