import type { DataSource } from 'typeorm';
import { type ObjectType, scanCitizenVisibleTexts, type WordList } from '@overblik/domain';

export type HeldReviewState = 'open' | 'kept' | 'released';

export interface HeldReviewItem {
  id: string;
  objectId: string;
  kind: string;
  pointer: string;
  reason: string;
  heldAt: string;
  state: HeldReviewState;
  keptAt: string | null;
  keptBy: string | null;
  keepReason: string | null;
  releasedAt: string | null;
  releasedBy: string | null;
  /** The held text as stored (unmasked: mask it before anyone sees it), null when the object is gone. */
  text: string | null;
}

export interface RescanResult {
  scanned: number;
  newlyHeld: number;
  /** The objects that got new held records, and the citizens whose read model must be projected again. */
  objectIds: string[];
  citizenKeys: string[];
}

const OBJECT_TABLES: readonly ObjectType[] = ['sag', 'dokument', 'bevilling', 'effektuering'];
const RESCAN_BATCH = 1000;

/** The text at a JSON pointer of a held record (`/object/...`) in the stored object's body. */
export function textAtPointer(body: unknown, pointer: string): string | null {
  const segments = pointer.split('/').slice(2);
  let value: unknown = body;
  for (const s of segments) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[s.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return typeof value === 'string' ? value : null;
}

const ITEM_COLUMNS = `h.id::text, h.object_id as "objectId", h.kind, h.pointer, h.reason, h.held_at as "heldAt",
  case when h.released_at is not null then 'released' when h.kept_at is not null then 'kept' else 'open' end as state,
  h.kept_at as "keptAt", h.kept_by as "keptBy", h.keep_reason as "keepReason",
  h.released_at as "releasedAt", h.released_by as "releasedBy",
  coalesce((select body from sag where id = h.object_id limit 1), (select body from dokument where id = h.object_id limit 1),
           (select body from bevilling where id = h.object_id limit 1), (select body from effektuering where id = h.object_id limit 1)) as body`;

type ItemRow = Omit<HeldReviewItem, 'text'> & { body: unknown };
const itemOf = ({ body, ...row }: ItemRow): HeldReviewItem => ({ ...row, text: textAtPointer(body, row.pointer) });

/** An administrator's review of the safety net: the queue of held records, keep hidden, the word list, the rescan. */
export class SafetyNetReviewRepository {
  constructor(private readonly db: DataSource) {}

  /** Held records of a municipality not released: open ones, kept ones, or both; oldest first. */
  async queue(ownerCvr: string, state: 'open' | 'kept' | 'all', limit = 200): Promise<HeldReviewItem[]> {
    const rows: ItemRow[] = await this.db.query(
      `select ${ITEM_COLUMNS} from held_record h
        where h.owner_cvr = $1 and h.released_at is null
          and ($2 = 'all' or ($2 = 'kept') = (h.kept_at is not null))
        order by h.id limit $3`,
      [ownerCvr, state, limit],
    );
    return rows.map(itemOf);
  }

  async item(id: string, ownerCvr: string): Promise<HeldReviewItem | undefined> {
    const rows: ItemRow[] = await this.db.query(
      `select ${ITEM_COLUMNS} from held_record h where h.id = $1 and h.owner_cvr = $2`,
      [id, ownerCvr],
    );
    return rows[0] ? itemOf(rows[0]) : undefined;
  }

  /** Keep a held record hidden, with the reason; false when there is no unreleased record with this id. */
  async keep(id: string, ownerCvr: string, keptBy: string, reason: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.query(
      `update held_record set kept_at = now(), kept_by = $3, keep_reason = $4
        where id = $1 and owner_cvr = $2 and released_at is null`,
      [id, ownerCvr, keptBy, reason],
    );
    return affected > 0;
  }

  async words(municipalityCvr: string): Promise<string[]> {
    const rows: Array<{ word: string }> = await this.db.query(
      'select word from safety_word where municipality_cvr = $1 order by word',
      [municipalityCvr],
    );
    return rows.map((r) => r.word);
  }

  /** Add a word; false when the list has it already (in any case). */
  async addWord(municipalityCvr: string, word: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `insert into safety_word (municipality_cvr, word)
       select $1, $2 where not exists (select 1 from safety_word where municipality_cvr = $1 and lower(word) = lower($2))
       returning word`,
      [municipalityCvr, word],
    );
    return rows.length > 0;
  }

  /** Remove a word; false when the list does not have it. */
  async removeWord(municipalityCvr: string, word: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.query(
      'delete from safety_word where municipality_cvr = $1 and word = $2',
      [municipalityCvr, word],
    );
    return affected > 0;
  }

  /**
   * Scan every stored object of the municipality again with its current word list (and the fixed rules).
   * A new match becomes an open held record; a text already held, kept or released keeps its record and
   * state (a release is an administrator's decision and stays). Nothing is released here: a held record
   * whose word was removed stays in the queue until an administrator releases it.
   */
  async rescan(ownerCvr: string, words: WordList): Promise<RescanResult> {
    let scanned = 0;
    let newlyHeld = 0;
    const objectIds = new Set<string>();
    const citizenKeys = new Set<string>();
    for (const table of OBJECT_TABLES) {
      let after: [string, string] = ['', '00000000-0000-0000-0000-000000000000'];
      for (;;) {
        const rows: Array<{ citizen_key: string; id: string; body: Record<string, unknown> }> = await this.db.query(
          `select citizen_key, id::text, body from ${table}
            where owner_cvr = $1 and (citizen_key, id) > ($2, $3::uuid) order by citizen_key, id limit $4`,
          [ownerCvr, after[0], after[1], RESCAN_BATCH],
        );
        if (!rows.length) break;
        after = [rows[rows.length - 1]!.citizen_key, rows[rows.length - 1]!.id];
        scanned += rows.length;
        const held = rows.flatMap((r) => {
          const pointers = new Map<string, string>();
          for (const { pointer, hit } of scanCitizenVisibleTexts({ ...r.body, objectType: table }, words))
            if (!pointers.has(pointer)) pointers.set(pointer, hit.reason);
          return [...pointers].map(([pointer, reason]) => ({
            citizen_key: r.citizen_key,
            object_id: r.id,
            kind: table,
            owner_cvr: ownerCvr,
            pointer,
            reason,
          }));
        });
        if (!held.length) continue;
        const inserted: Array<{ object_id: string }> = await this.db.query(
          `insert into held_record (citizen_key, object_id, kind, owner_cvr, pointer, reason)
           select citizen_key, object_id, kind, owner_cvr, pointer, reason
             from jsonb_to_recordset($1::jsonb) as r(citizen_key text, object_id uuid, kind text, owner_cvr text, pointer text, reason text)
           on conflict (object_id, pointer) do nothing returning object_id::text`,
          [JSON.stringify(held)],
        );
        newlyHeld += inserted.length;
        for (const i of inserted) objectIds.add(i.object_id);
      }
    }
    if (objectIds.size) {
      const keys: Array<{ k: string }> = await this.db.query(
        `select citizen_key as k from object_locator where id = any($1::uuid[])
         union select citizen_key from sag_dokument where dokument_id = any($1::uuid[])
         union select citizen_key from dokument where id = any($1::uuid[])`,
        [[...objectIds]],
      );
      for (const k of keys) citizenKeys.add(k.k);
    }
    return { scanned, newlyHeld, objectIds: [...objectIds], citizenKeys: [...citizenKeys] };
  }
}
