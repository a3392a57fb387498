import type { DataSource, EntityManager } from 'typeorm';
import type {
  ApplyPlan,
  CitizenIndexRows,
  CitizenOverviewPatch,
  IndexKind,
  LinkedDokument,
  LocatorState,
  PlannedOutcome,
} from '@overblik/domain';

// The shapes of a planned apply are the domain's (libs/domain ingestion); this session writes them.
export interface PendingItem {
  seq: number;
  payload: unknown;
  /** How often the item was deferred before (a payment waiting for a grant pending in the inbox). */
  deferrals: number;
}

/** A grant's import or update that is still pending in the inbox and that no transaction is applying. */
export interface UnclaimedBevilling {
  id: string;
  deliveryId: string;
  seq: number;
}
export type Locator = LocatorState;
export type ItemOutcome = PlannedOutcome;
export type ApplyWrites = Omit<ApplyPlan, 'outcomes' | 'affectedCitizens'>;

export type CitizenRows = CitizenIndexRows;
export type OverviewPatch = CitizenOverviewPatch;

/** A stored case with its journal-post document links (by document id, one per document). */
export interface StoredSag {
  citizenKey: string;
  id: string;
  body: unknown;
  links: Array<{ dokumentId: string; titel: string | null }>;
}

/** An unreleased held text. */
export interface HeldText {
  objectId: string;
  citizenKey: string;
  pointer: string;
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

const j = (v: unknown): string => JSON.stringify(v);
/** Key space of the documents' advisory locks (the two-key form, apart from the inbox's one-key locks). */
const DOCUMENT_LOCK_SPACE = 1_732_300;
/** TypeORM answers a DELETE or UPDATE … RETURNING with [rows, count]; other statements with the rows. */
const returned = <T>(result: unknown): T[] =>
  (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? result[0]
    : result) as T[];
/** Why a payload was redacted, as its stub says. */
export const REDACTED_REMOVED = 'removed';
export const REDACTED_RETENTION = 'retention';
/** SQL for the stub that replaces a redacted payload: no party data, only what the row is about. */
export const redactionStub = (reason: string, kind: string, id: string): string =>
  `jsonb_build_object('redacted', true, 'reason', ${reason}::text, 'kind', ${kind}, 'uuid', ${id})`;
const TABLE: Record<IndexKind, string> = {
  sag: 'sag',
  dokument: 'dokument',
  bevilling: 'bevilling',
  effektuering: 'effektuering',
};

/** One ingestion transaction: the only code that writes the indexes and the read model. */
export class IndexWriteSession {
  constructor(private readonly tx: EntityManager) {}

  /** Pending items of a range, locked; items another worker holds are skipped (it applies them). */
  async lockPendingItems(deliveryId: string, fromSeq: number, toSeq: number): Promise<PendingItem[]> {
    return this.tx.query(
      `select seq, payload, deferrals from delivery_item
        where delivery_id = $1 and seq between $2 and $3 and state = 'pending'
        order by seq for update skip locked`,
      [deliveryId, fromSeq, toSeq],
    );
  }

  async fagsystemOf(deliveryId: string): Promise<string | undefined> {
    const rows: Array<{ fagsystem_id: string }> = await this.tx.query(
      'select fagsystem_id from delivery where id = $1',
      [deliveryId],
    );
    return rows[0]?.fagsystem_id;
  }

  /** Locators of these objects, locked in id order (a fixed order avoids deadlocks between workers). */
  async lockLocators(ids: string[]): Promise<Map<string, Locator>> {
    if (!ids.length) return new Map();
    const rows: Locator[] = await this.tx.query(
      `select id, kind, citizen_key as "citizenKey", owner_cvr as "ownerCvr", master_fagsystem as "masterFagsystem",
              to_char(source_tidspunkt at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "sourceTidspunkt",
              removed_at as "removedAt"
         from object_locator where id = any($1::uuid[]) order by id for update`,
      [[...new Set(ids)].sort()],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Ids among these that are live objects of the kind (e.g. grants that payment lines reference). */
  async liveIds(kind: IndexKind, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: Array<{ id: string }> = await this.tx.query(
      'select id from object_locator where kind = $1 and removed_at is null and id = any($2::uuid[])',
      [kind, [...new Set(ids)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Waits for the transactions that are applying pending imports or updates of these grants (they hold
   * the inbox rows, see lockPendingItems) and returns the ones still pending that nobody applies: their
   * job is queued, late or lost. Rows of this chunk are left out. Each row is locked only for a moment,
   * inside a savepoint that is rolled back, so a job that comes for it next does not skip it. Two chunks
   * that wait for each other's grants are a deadlock PostgreSQL detects (40P01; the caller retries).
   * The caller must read the grants' liveness again afterwards: a grant applied meanwhile is live now.
   */
  async awaitPendingBevillinger(ids: string[], deliveryId: string, ownSeqs: number[]): Promise<UnclaimedBevilling[]> {
    if (!ids.length) return [];
    await this.tx.query('savepoint await_bevillinger');
    try {
      const rows: UnclaimedBevilling[] = await this.tx.query(
        `select object_id as id, delivery_id as "deliveryId", seq from delivery_item
          where object_id = any($1::uuid[]) and kind = 'bevilling' and state = 'pending' and operation <> 'remove'
            and not (delivery_id = $2::uuid and seq = any($3::int[]))
          order by delivery_id, seq for update`,
        [[...new Set(ids)].sort(), deliveryId, ownSeqs],
      );
      return rows;
    } finally {
      await this.tx.query('rollback to savepoint await_bevillinger');
      await this.tx.query('release savepoint await_bevillinger');
    }
  }

  /**
   * Writes a planned chunk. Documents whose master removed them are deleted once no case links them;
   * only the documents this chunk unlinked or removed are looked at, not the whole table.
   */
  async write(w: ApplyWrites, deliveryId?: string): Promise<void> {
    // a body as delivered is copied from the inbox row in PostgreSQL, not sent back over the wire
    const fromInbox = (r: { seq?: number; asDelivered?: boolean }): boolean =>
      deliveryId !== undefined && r.seq !== undefined && r.asDelivered === true;
    const body = (r: {
      seq?: number;
      asDelivered?: boolean;
      body: unknown;
      partyUrnKeys?: Array<[string, string]>;
    }) => ({
      ...(fromInbox(r) ? { seq: r.seq } : { body: r.body }),
      party_urn_keys: r.partyUrnKeys ?? [],
    });
    const unlinked = new Set<string>();
    const collect = (result: unknown): void => {
      for (const r of returned<{ dokument_id: string }>(result)) unlinked.add(r.dokument_id);
    };
    for (const m of w.moved) {
      await this.tx.query(`delete from ${TABLE[m.kind]} where citizen_key = $1 and id = $2`, [m.oldCitizenKey, m.id]);
      if (m.kind === 'sag')
        collect(
          await this.tx.query('delete from sag_dokument where citizen_key = $1 and sag_id = $2 returning dokument_id', [
            m.oldCitizenKey,
            m.id,
          ]),
        );
    }
    if (w.locators.length) {
      await this.tx.query(
        `insert into object_locator (id, kind, citizen_key, owner_cvr, master_fagsystem, source_tidspunkt, removed_at, updated_at)
         select id, kind, citizen_key, owner_cvr, master_fagsystem, source_tidspunkt, removed_at, now()
           from jsonb_to_recordset($1::jsonb) as r(id uuid, kind text, citizen_key text, owner_cvr text,
                master_fagsystem text, source_tidspunkt timestamptz, removed_at timestamptz)
         on conflict (id) do update set kind = excluded.kind, citizen_key = excluded.citizen_key,
           owner_cvr = excluded.owner_cvr, master_fagsystem = excluded.master_fagsystem,
           source_tidspunkt = excluded.source_tidspunkt, removed_at = excluded.removed_at, updated_at = now()`,
        [
          j(
            w.locators.map((l) => ({
              id: l.id,
              kind: l.kind,
              citizen_key: l.citizenKey,
              owner_cvr: l.ownerCvr,
              master_fagsystem: l.masterFagsystem,
              source_tidspunkt: l.sourceTidspunkt,
              removed_at: l.removedAt,
            })),
          ),
        ],
      );
    }
    if (w.sager.length) {
      await this.tx.query(
        `insert into sag (citizen_key, id, owner_cvr, master_fagsystem, kle, opstaaet_at, source_tidspunkt, body)
         select r.citizen_key, r.id, r.owner_cvr, r.master_fagsystem, r.kle, r.opstaaet_at, r.source_tidspunkt, replace_json_strings(coalesce(r.body, di.payload->'object'), r.party_urn_keys)
           from jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid, owner_cvr text, master_fagsystem text,
                kle text, opstaaet_at timestamptz, source_tidspunkt timestamptz, seq int, body jsonb, party_urn_keys jsonb)
           left join delivery_item di on di.delivery_id = $2::uuid and di.seq = r.seq
         on conflict (citizen_key, id) do update set owner_cvr = excluded.owner_cvr, master_fagsystem = excluded.master_fagsystem,
           kle = excluded.kle, opstaaet_at = excluded.opstaaet_at, source_tidspunkt = excluded.source_tidspunkt,
           body = excluded.body, received_at = now()`,
        [
          j(
            w.sager.map((s) => ({
              citizen_key: s.citizenKey,
              id: s.id,
              owner_cvr: s.ownerCvr,
              master_fagsystem: s.masterFagsystem,
              kle: s.kle,
              opstaaet_at: s.opstaaetAt,
              source_tidspunkt: s.sourceTidspunkt,
              ...body(s),
            })),
          ),
          deliveryId ?? null,
        ],
      );
      const links = w.sager.flatMap((s) =>
        s.dokumentLinks.map((l) => ({
          citizen_key: s.citizenKey,
          sag_id: s.id,
          dokument_id: l.dokumentId,
          titel: l.titel,
        })),
      );
      collect(
        await this.tx.query(
          `delete from sag_dokument sd using jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid)
          where sd.citizen_key = r.citizen_key and sd.sag_id = r.id returning sd.dokument_id`,
          [j(w.sager.map((s) => ({ citizen_key: s.citizenKey, id: s.id })))],
        ),
      );
      if (links.length) {
        await this.tx.query(
          `insert into sag_dokument (citizen_key, sag_id, dokument_id, titel)
           select citizen_key, sag_id, dokument_id, titel
             from jsonb_to_recordset($1::jsonb) as r(citizen_key text, sag_id uuid, dokument_id uuid, titel text)
           on conflict do nothing`,
          [j(links)],
        );
      }
    }
    if (w.dokumenter.length) {
      // a document its master removed stays stored while a case holds it; when it comes back for another
      // citizen, that row goes, so one document id has one row
      await this.tx.query(
        `delete from dokument d using jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid)
          where d.id = r.id and d.citizen_key <> r.citizen_key`,
        [j(w.dokumenter.map((d) => ({ citizen_key: d.citizenKey, id: d.id })))],
      );
      await this.tx.query(
        `insert into dokument (citizen_key, id, owner_cvr, master_fagsystem, dokumenttype, source_tidspunkt, body)
         select r.citizen_key, r.id, r.owner_cvr, r.master_fagsystem, r.dokumenttype, r.source_tidspunkt, replace_json_strings(coalesce(r.body, di.payload->'object'), r.party_urn_keys)
           from jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid, owner_cvr text, master_fagsystem text,
                dokumenttype text, source_tidspunkt timestamptz, seq int, body jsonb, party_urn_keys jsonb)
           left join delivery_item di on di.delivery_id = $2::uuid and di.seq = r.seq
         on conflict (citizen_key, id) do update set owner_cvr = excluded.owner_cvr, master_fagsystem = excluded.master_fagsystem,
           dokumenttype = excluded.dokumenttype, source_tidspunkt = excluded.source_tidspunkt, body = excluded.body,
           master_removed_at = null, received_at = now()`,
        [
          j(
            w.dokumenter.map((d) => ({
              citizen_key: d.citizenKey,
              id: d.id,
              owner_cvr: d.ownerCvr,
              master_fagsystem: d.masterFagsystem,
              dokumenttype: d.dokumenttype,
              source_tidspunkt: d.sourceTidspunkt,
              ...body(d),
            })),
          ),
          deliveryId ?? null,
        ],
      );
    }
    if (w.bevillinger.length) {
      await this.tx.query(
        `insert into bevilling (citizen_key, id, sag_id, owner_cvr, master_fagsystem, source_tidspunkt, body)
         select r.citizen_key, r.id, r.sag_id, r.owner_cvr, r.master_fagsystem, r.source_tidspunkt, replace_json_strings(coalesce(r.body, di.payload->'object'), r.party_urn_keys)
           from jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid, sag_id uuid, owner_cvr text,
                master_fagsystem text, source_tidspunkt timestamptz, seq int, body jsonb, party_urn_keys jsonb)
           left join delivery_item di on di.delivery_id = $2::uuid and di.seq = r.seq
         on conflict (citizen_key, id) do update set sag_id = excluded.sag_id, owner_cvr = excluded.owner_cvr,
           master_fagsystem = excluded.master_fagsystem, source_tidspunkt = excluded.source_tidspunkt,
           body = excluded.body, received_at = now()`,
        [
          j(
            w.bevillinger.map((b) => ({
              citizen_key: b.citizenKey,
              id: b.id,
              sag_id: b.sagId,
              owner_cvr: b.ownerCvr,
              master_fagsystem: b.masterFagsystem,
              source_tidspunkt: b.sourceTidspunkt,
              ...body(b),
            })),
          ),
          deliveryId ?? null,
        ],
      );
    }
    if (w.effektueringer.length) {
      await this.tx.query(
        `insert into effektuering (citizen_key, id, owner_cvr, master_fagsystem, bevilling_ids, dispositionsdato, source_tidspunkt, body)
         select r.citizen_key, r.id, r.owner_cvr, r.master_fagsystem,
                array(select jsonb_array_elements_text(r.bevilling_ids))::uuid[], r.dispositionsdato, r.source_tidspunkt, replace_json_strings(coalesce(r.body, di.payload->'object'), r.party_urn_keys)
           from jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid, owner_cvr text, master_fagsystem text,
                bevilling_ids jsonb, dispositionsdato date, source_tidspunkt timestamptz, seq int, body jsonb, party_urn_keys jsonb)
           left join delivery_item di on di.delivery_id = $2::uuid and di.seq = r.seq
         on conflict (citizen_key, id) do update set owner_cvr = excluded.owner_cvr, master_fagsystem = excluded.master_fagsystem,
           bevilling_ids = excluded.bevilling_ids, dispositionsdato = excluded.dispositionsdato,
           source_tidspunkt = excluded.source_tidspunkt, body = excluded.body, received_at = now()`,
        [
          j(
            w.effektueringer.map((e) => ({
              citizen_key: e.citizenKey,
              id: e.id,
              owner_cvr: e.ownerCvr,
              master_fagsystem: e.masterFagsystem,
              bevilling_ids: e.bevillingIds,
              dispositionsdato: e.dispositionsdato,
              source_tidspunkt: e.sourceTidspunkt,
              ...body(e),
            })),
          ),
          deliveryId ?? null,
        ],
      );
    }
    await this.remove(w.removals, unlinked);
    await this.eraseHistory(w.erasures);
    if (w.registrations.length) {
      await this.tx.query(
        `insert into index_registration (citizen_key, object_id, kind, operation, source_tidspunkt, outcome, body)
         select r.citizen_key, r.object_id, r.kind, r.operation, r.source_tidspunkt, r.outcome, replace_json_strings(case when r.seq is null then r.body else di.payload end, r.party_urn_keys)
           from jsonb_to_recordset($1::jsonb) as r(citizen_key text, object_id uuid, kind text, operation text,
                source_tidspunkt timestamptz, outcome text, seq int, body jsonb, party_urn_keys jsonb)
           left join delivery_item di on di.delivery_id = $2::uuid and di.seq = r.seq`,
        [
          j(
            w.registrations.map((r) => ({
              citizen_key: r.citizenKey,
              object_id: r.objectId,
              kind: r.kind,
              operation: r.operation,
              source_tidspunkt: r.sourceTidspunkt,
              outcome: r.outcome,
              ...(deliveryId !== undefined && r.seq !== undefined && r.bodyAsDelivered === true
                ? { seq: r.seq }
                : { body: r.body }),
              party_urn_keys: r.partyUrnKeys ?? [],
            })),
          ),
          deliveryId ?? null,
        ],
      );
    }
    if (w.unheld.length) {
      await this.tx.query(
        `update held_record set released_at = now(), released_by = 'superseded' where object_id = any($1::uuid[]) and released_at is null`,
        [w.unheld],
      );
    }
    if (w.held.length) {
      await this.tx.query(
        `insert into held_record (citizen_key, object_id, kind, owner_cvr, pointer, reason)
         select citizen_key, object_id, kind, owner_cvr, pointer, reason
           from jsonb_to_recordset($1::jsonb) as r(citizen_key text, object_id uuid, kind text, owner_cvr text, pointer text, reason text)
         on conflict (object_id, pointer) do update set citizen_key = excluded.citizen_key, reason = excluded.reason,
           held_at = now(), released_at = null, released_by = null`,
        [
          j(
            w.held.map((h) => ({
              citizen_key: h.citizenKey,
              object_id: h.objectId,
              kind: h.kind,
              owner_cvr: h.ownerCvr,
              pointer: h.pointer,
              reason: h.reason,
            })),
          ),
        ],
      );
    }
  }

  /**
   * Physical deletion. A document goes when its master removes it, whichever cases still link it (the
   * links are the cases' and stay: a document its master imports again shows on them again). Rows an
   * earlier version kept after their master's remove go once no case links them. History bodies of
   * removed objects are erased.
   */
  private async remove(removals: ApplyWrites['removals'], unlinked: Set<string>): Promise<void> {
    const ids = (k: IndexKind) => removals.filter((r) => r.kind === k).map((r) => r.id);
    const sagIds = ids('sag');
    if (sagIds.length) {
      await this.tx.query('delete from sag where id = any($1::uuid[])', [sagIds]);
      const rows = returned<{ dokument_id: string }>(
        await this.tx.query('delete from sag_dokument where sag_id = any($1::uuid[]) returning dokument_id', [sagIds]),
      );
      for (const r of rows) unlinked.add(r.dokument_id);
    }
    for (const kind of ['bevilling', 'effektuering'] as const) {
      const list = ids(kind);
      if (list.length) await this.tx.query(`delete from ${TABLE[kind]} where id = any($1::uuid[])`, [list]);
    }
    const dokIds = ids('dokument');
    if (dokIds.length) await this.tx.query('delete from dokument where id = any($1::uuid[])', [dokIds]);
    // rows kept after their master's remove that no case holds any more: only those unlinked now can be
    const candidates = [...unlinked];
    if (candidates.length) {
      await this.tx.query(
        `delete from dokument d where d.id = any($1::uuid[]) and d.master_removed_at is not null
            and not exists (select 1 from sag_dokument sd where sd.dokument_id = d.id)`,
        [candidates],
      );
    }
    const all = removals.map((r) => r.id);
    if (all.length) await this.tx.query('delete from held_record where object_id = any($1::uuid[])', [all]);
  }

  /** History bodies of removed objects are erased (this chunk's own registrations come after, planned without). */
  private async eraseHistory(erasures: ApplyWrites['erasures']): Promise<void> {
    if (!erasures.length) return;
    await this.tx.query(
      `update index_registration r set body = null
         from jsonb_to_recordset($1::jsonb) as e(kind text, id uuid)
        where r.object_id = e.id and r.kind = e.kind and r.body is not null`,
      [j(erasures.map((e) => ({ kind: e.kind, id: e.id })))],
    );
  }

  /**
   * After the chunk's outcomes are marked: the inbox items and dead letters of objects a source removed
   * get a stub without party data instead of their payload (rows stay for counts and audit). Pending
   * items are left alone (they are applied later, and erased then if the object is still removed), and
   * so are this delivery's items after an erasure's `throughSeq` (a re-import after the remove). A row
   * whose kind is unknown (refused at intake) counts as the object's when it names its uuid.
   */
  async eraseInboxCopies(deliveryId: string, erasures: ApplyWrites['erasures']): Promise<void> {
    if (!erasures.length) return;
    const params = [
      deliveryId,
      j(erasures.map((e) => ({ kind: e.kind, id: e.id, through_seq: e.throughSeq }))),
      REDACTED_REMOVED,
    ];
    const erased = `jsonb_to_recordset($2::jsonb) as e(kind text, id uuid, through_seq int)`;
    await this.tx.query(
      `update delivery_item di set payload = ${redactionStub('$3', 'e.kind', 'e.id')}, redacted_at = now()
         from ${erased}
        where di.object_id = e.id and di.redacted_at is null and di.state <> 'pending'
          and coalesce(di.kind, di.payload->'object'->>'objectType', e.kind) = e.kind
          and not (di.delivery_id = $1::uuid and e.through_seq is not null and di.seq > e.through_seq)`,
      params,
    );
    await this.tx.query(
      `update dead_letter dl set payload = ${redactionStub('$3', 'e.kind', 'e.id')}, redacted_at = now()
         from ${erased}
        where dl.object_id = e.id and dl.redacted_at is null
          and coalesce(dl.payload->'object'->>'objectType', e.kind) = e.kind
          and not (dl.delivery_id = $1::uuid and e.through_seq is not null and dl.seq > e.through_seq)`,
      params,
    );
  }

  /** Records the outcomes; a deferred item stays pending, counts the deferral and says what it waits for. */
  async markItems(deliveryId: string, outcomes: ItemOutcome[]): Promise<void> {
    if (!outcomes.length) return;
    await this.tx.query(
      `update delivery_item di
          set state = case when r.state = 'deferred' then 'pending' else r.state end,
              deferrals = di.deferrals + case when r.state = 'deferred' then 1 else 0 end,
              rule = r.rule, pointer = r.pointer, message = r.message,
              processed_at = case when r.state = 'deferred' then null else now() end
         from jsonb_to_recordset($2::jsonb) as r(seq int, state text, rule text, pointer text, message text)
        where di.delivery_id = $1 and di.seq = r.seq`,
      [deliveryId, j(outcomes)],
    );
    const rejected = outcomes.filter((o) => o.state === 'rejected').map((o) => o.seq);
    if (rejected.length) {
      await this.tx.query(
        `insert into dead_letter (fagsystem_id, delivery_id, seq, object_id, payload, rule, pointer, message)
         select d.fagsystem_id, d.id, di.seq, di.object_id, di.payload, di.rule, di.pointer, di.message
           from delivery d join delivery_item di on di.delivery_id = d.id
          where d.id = $1 and di.seq = any($2::int[])
         on conflict (delivery_id, seq) do nothing`,
        [deliveryId, rejected],
      );
    }
  }

  /** Everything stored for these citizens, for the read-model projection. */
  async citizenRows(citizenKeys: string[]): Promise<Map<string, CitizenRows>> {
    const out = new Map<string, CitizenRows>();
    const get = (k: string): CitizenRows => {
      let r = out.get(k);
      if (!r) out.set(k, (r = { sager: [], dokumenter: [], bevillinger: [], effektueringer: [], held: [] }));
      return r;
    };
    if (!citizenKeys.length) return out;
    for (const k of citizenKeys) get(k);
    const sager: Array<{
      citizen_key: string;
      id: string;
      body: unknown;
      links: Array<{ dokumentId: string; titel: string | null }> | null;
    }> = await this.tx.query(
      `select s.citizen_key, s.id, s.body,
              (select jsonb_agg(jsonb_build_object('dokumentId', sd.dokument_id, 'titel', sd.titel) order by sd.dokument_id)
                 from sag_dokument sd where sd.citizen_key = s.citizen_key and sd.sag_id = s.id) as links
         from sag s where s.citizen_key = any($1::text[])`,
      [citizenKeys],
    );
    for (const s of sager) get(s.citizen_key).sager.push({ id: s.id, body: s.body, links: s.links ?? [] });
    const docs: Array<{ citizen_key: string; id: string; body: unknown }> = await this.tx.query(
      `select distinct sd.citizen_key, d.id, d.body
         from sag_dokument sd join dokument d on d.id = sd.dokument_id and d.master_removed_at is null
        where sd.citizen_key = any($1::text[])`,
      [citizenKeys],
    );
    for (const d of docs) get(d.citizen_key).dokumenter.push({ id: d.id, body: d.body });
    for (const kind of ['bevilling', 'effektuering'] as const) {
      const rows: Array<{ citizen_key: string; id: string; body: unknown }> = await this.tx.query(
        `select citizen_key, id, body from ${TABLE[kind]} where citizen_key = any($1::text[])`,
        [citizenKeys],
      );
      for (const r of rows)
        (kind === 'bevilling' ? get(r.citizen_key).bevillinger : get(r.citizen_key).effektueringer).push({
          id: r.id,
          body: r.body,
        });
    }
    const held: Array<{ citizen_key: string; object_id: string; pointer: string; reason: string }> =
      await this.tx.query(
        `select h.citizen_key, h.object_id, h.pointer, h.reason from held_record h
        where h.released_at is null and (h.citizen_key = any($1::text[])
           or h.object_id in (select sd.dokument_id from sag_dokument sd where sd.citizen_key = any($1::text[])))`,
        [citizenKeys],
      );
    for (const h of held) {
      // a held document shows up for every citizen whose case holds it
      for (const k of citizenKeys) {
        const rows = get(k);
        if (h.citizen_key === k || rows.dokumenter.some((d) => d.id === h.object_id))
          rows.held.push({ objectId: h.object_id, pointer: h.pointer, reason: h.reason });
      }
    }
    return out;
  }

  /**
   * Serialises the chunks that touch these documents (change one, or link one from a case), whether or
   * not the document is stored yet: a transaction-scoped advisory lock per document id, taken in one order.
   */
  async lockDocuments(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.tx.query(
      `select count(pg_advisory_xact_lock(${DOCUMENT_LOCK_SPACE}, k))
         from (select distinct hashtext(lower(x)) as k from unnest($1::text[]) x order by k) s`,
      [[...new Set(ids)]],
    );
  }

  /**
   * Locks the locators of the stored cases that link these documents, so that two chunks changing two
   * documents of one case project its entry one after the other (each seeing the other's document).
   */
  async lockSagerLinking(dokumentIds: string[]): Promise<void> {
    if (!dokumentIds.length) return;
    await this.tx.query(
      `select id from object_locator
        where id in (select sd.sag_id from sag_dokument sd where sd.dokument_id = any($1::uuid[]))
        order by id for update`,
      [[...new Set(dokumentIds)]],
    );
  }

  /** Stored cases that link any of these documents, with their links: their read-model entries show the documents. */
  async sagerLinking(dokumentIds: string[]): Promise<StoredSag[]> {
    if (!dokumentIds.length) return [];
    const rows: Array<{ citizen_key: string; id: string; body: unknown; links: StoredSag['links'] | null }> =
      await this.tx.query(
        `select s.citizen_key, s.id, s.body,
              (select jsonb_agg(jsonb_build_object('dokumentId', sd.dokument_id, 'titel', sd.titel) order by sd.dokument_id)
                 from sag_dokument sd where sd.citizen_key = s.citizen_key and sd.sag_id = s.id) as links
         from sag s
        where (s.citizen_key, s.id) in (select sd.citizen_key, sd.sag_id from sag_dokument sd where sd.dokument_id = any($1::uuid[]))`,
        [[...new Set(dokumentIds)]],
      );
    return rows.map((r) => ({ citizenKey: r.citizen_key, id: r.id, body: r.body, links: r.links ?? [] }));
  }

  /** Bodies of the stored documents among these ids (none their master removed). */
  async dokumentBodies(ids: string[]): Promise<Map<string, unknown>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; body: unknown }> = await this.tx.query(
      'select distinct on (id) id, body from dokument where id = any($1::uuid[]) and master_removed_at is null order by id',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.body]));
  }

  /** What the journal-post link rule reads of the stored documents among these ids, by id (none their master removed). */
  async linkedDokumenter(ids: string[]): Promise<Map<string, LinkedDokument>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; dokument: LinkedDokument }> = await this.tx.query(
      // through the locator, so each document is read by its primary key (citizen key first)
      `select d.id,
              jsonb_build_object('parter', coalesce(d.body->'parter', '[]'::jsonb), 'ejer', d.body->'ejer', 'itSystem', d.body->'itSystem') as dokument
         from object_locator l join dokument d on d.citizen_key = l.citizen_key and d.id = l.id
        where l.id = any($1::uuid[]) and l.kind = 'dokument' and d.master_removed_at is null`,
      [[...new Set(ids.map((id) => id.toLowerCase()))]],
    );
    return new Map(rows.map((r) => [r.id, r.dokument]));
  }

  /** Unreleased held texts of these objects. */
  async heldTexts(objectIds: string[]): Promise<HeldText[]> {
    if (!objectIds.length) return [];
    return this.tx.query(
      `select object_id as "objectId", citizen_key as "citizenKey", pointer from held_record
        where released_at is null and object_id = any($1::uuid[])`,
      [[...new Set(objectIds)]],
    );
  }

  /**
   * Applies read-model patches in SQL, without reading the documents into the worker: entries with the
   * patch's ids (and the dropped ids) are taken out, the new entries put in, and each array ordered as the
   * projection orders it. A citizen without a document gets one; a document left empty is deleted. The
   * update merges into the newest committed version of each row (PostgreSQL re-reads a row a concurrent
   * chunk updated), so two chunks patching one citizen both land.
   */
  async patchOverviews(
    patches: Array<{ citizenKey: string; created: unknown | null; patch: OverviewPatch }>,
  ): Promise<void> {
    if (!patches.length) return;
    // A citizen seen for the first time gets the patched empty document, unless another chunk got there
    // first; the others are merged into the stored document. A document another chunk deleted (it emptied
    // it) between the two gets the patched empty document after all: round again until every patch landed.
    let pending = patches;
    const merged: typeof patches = [];
    for (let round = 0; pending.length; round++) {
      if (round === 5) throw new Error('read-model documents kept vanishing while being patched');
      const fresh = pending.filter((p) => p.created !== null);
      const inserted = new Set<string>();
      if (fresh.length) {
        const rows: Array<{ citizen_key: string }> = await this.tx.query(
          `insert into citizen_overview (citizen_key, body, revision, updated_at)
           select citizen_key, body, 1, now() from jsonb_to_recordset($1::jsonb) as r(citizen_key text, body jsonb)
           on conflict (citizen_key) do nothing
           returning citizen_key`,
          [j(fresh.map((p) => ({ citizen_key: p.citizenKey, body: p.created })))],
        );
        for (const r of rows) inserted.add(r.citizen_key);
      }
      const rest = pending.filter((p) => !inserted.has(p.citizenKey));
      if (!rest.length) break;
      const updated = new Set(
        returned<{ citizen_key: string }>(
          await this.tx.query(
            `update citizen_overview o
                set body = jsonb_build_object('version', 1,
                      'sager', ${mergeEntries('sager', SAG_ORDER)},
                      'bevillinger', ${mergeEntries('bevillinger', BEVILLING_ORDER)},
                      'effektueringer', ${mergeEntries('effektueringer', EFFEKTUERING_ORDER)}),
                    revision = o.revision + 1, updated_at = now()
               from jsonb_to_recordset($1::jsonb) as p(citizen_key text, out_ids text[], drop_ids text[], sager jsonb, bevillinger jsonb, effektueringer jsonb)
              where o.citizen_key = p.citizen_key
              returning o.citizen_key`,
            [
              j(
                rest.map(({ citizenKey, patch }) => ({
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
                })),
              ),
            ],
          ),
        ).map((r) => r.citizen_key),
      );
      merged.push(...rest.filter((p) => updated.has(p.citizenKey)));
      // gone under us: a patch that only drops entries has nothing left to do there
      pending = rest.filter((p) => !updated.has(p.citizenKey) && p.created !== null);
    }
    const rest = merged;
    const mayEmpty = rest.filter((p) => p.patch.drop.length).map((p) => p.citizenKey);
    if (mayEmpty.length) {
      const emptied = returned<{ citizen_key: string }>(
        await this.tx.query(
          `delete from citizen_overview where citizen_key = any($1::text[])
              and body->'sager' = '[]'::jsonb and body->'bevillinger' = '[]'::jsonb and body->'effektueringer' = '[]'::jsonb
           returning citizen_key`,
          [mayEmpty],
        ),
      );
      await this.dropAnswers(emptied.map((r) => r.citizen_key));
    }
  }

  /** A citizen left without data keeps no rendered answer either (it would hold what was removed). */
  private async dropAnswers(citizenKeys: string[]): Promise<void> {
    if (citizenKeys.length)
      await this.tx.query('delete from overview_answer where citizen_key = any($1::text[])', [citizenKeys]);
  }

  /** The stored read-model documents of these citizens (tests compare them with a full projection). */
  async overviews(citizenKeys: string[]): Promise<Map<string, unknown>> {
    if (!citizenKeys.length) return new Map();
    const rows: Array<{ citizen_key: string; body: unknown }> = await this.tx.query(
      'select citizen_key, body from citizen_overview where citizen_key = any($1::text[])',
      [citizenKeys],
    );
    return new Map(rows.map((r) => [r.citizen_key, r.body]));
  }

  /**
   * Locks the read-model rows of these citizens, in key order, and waits for the chunks patching them. A
   * citizen without a row gets an empty placeholder (revision 0) first, which no reader sees: this
   * transaction replaces or deletes it, and a chunk inserting the same citizen meanwhile waits and then
   * merges into what this transaction commits.
   */
  async lockOverviews(citizenKeys: string[]): Promise<void> {
    if (!citizenKeys.length) return;
    const keys = [...new Set(citizenKeys)].sort();
    await this.tx.query(
      `insert into citizen_overview (citizen_key, body, revision, updated_at)
       select k, '{"version":1,"sager":[],"bevillinger":[],"effektueringer":[]}'::jsonb, 0, now() from unnest($1::text[]) k order by k
       on conflict (citizen_key) do nothing`,
      [keys],
    );
    await this.tx.query(
      'select citizen_key from citizen_overview where citizen_key = any($1::text[]) order by citizen_key for update',
      [keys],
    );
  }

  async saveOverviews(overviews: Array<{ citizenKey: string; body: unknown | null }>): Promise<void> {
    const keep = overviews.filter((o) => o.body !== null);
    const drop = overviews.filter((o) => o.body === null).map((o) => o.citizenKey);
    if (keep.length) {
      await this.tx.query(
        `insert into citizen_overview (citizen_key, body, revision, updated_at)
         select citizen_key, body, 1, now() from jsonb_to_recordset($1::jsonb) as r(citizen_key text, body jsonb)
         on conflict (citizen_key) do update set body = excluded.body, revision = citizen_overview.revision + 1, updated_at = now()`,
        [j(keep.map((o) => ({ citizen_key: o.citizenKey, body: o.body })))],
      );
    }
    if (drop.length) {
      await this.tx.query('delete from citizen_overview where citizen_key = any($1::text[])', [drop]);
      await this.dropAnswers(drop);
    }
  }
}

export class IndexWriteRepository {
  constructor(private readonly db: DataSource) {}

  /** Run one apply in a transaction; retried by the caller on serialization failure or deadlock. */
  inTransaction<T>(work: (session: IndexWriteSession) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new IndexWriteSession(tx)));
  }

  /**
   * Project the read model of these citizens again (after a release, say), in one transaction, without
   * losing what a worker chunk writes at the same moment. First the locks a chunk takes for these objects
   * (`serializeWith`, e.g. the released object: its locator, its document lock, the locators of the cases
   * linking it), so a chunk that read the object's held texts before the release commits first; then each
   * citizen's read-model row, in key order (a missing row is inserted as a placeholder so that there is
   * one to lock): a chunk that patched it commits first and its rows are read here, and a chunk that comes
   * later merges its patch into this document (patchOverviews). Retried on deadlock.
   */
  async reproject(
    citizenKeys: string[],
    project: (rows: CitizenRows) => unknown | null,
    serializeWith: string[] = [],
  ): Promise<void> {
    const keys = [...new Set(citizenKeys)].sort();
    if (!keys.length) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.inTransaction(async (session) => {
          await session.lockLocators(serializeWith);
          await session.lockDocuments(serializeWith);
          await session.lockSagerLinking(serializeWith);
          await session.lockOverviews(keys);
          const rows = await session.citizenRows(keys);
          await session.saveOverviews(keys.map((citizenKey) => ({ citizenKey, body: project(rows.get(citizenKey)!) })));
        });
        return;
      } catch (e) {
        const code = (e as { driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
        if ((code === '40P01' || code === '40001') && attempt < 3) continue;
        throw e;
      }
    }
  }
}
