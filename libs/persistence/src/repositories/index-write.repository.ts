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
import { bevillingWriter } from './index-write/bevilling.writer';
import { readCitizenRows, SAG_LINKS_SQL } from './index-write/citizen-rows.reader';
import { deleteOrphanedDokumenter, dokumentWriter } from './index-write/dokument.writer';
import { effektueringWriter } from './index-write/effektuering.writer';
import { deleteHeldOf, holdTexts, releaseSuperseded } from './index-write/held.writer';
import { eraseHistory, insertRegistrations } from './index-write/history.writer';
import { eraseInboxCopies, markItems } from './index-write/inbox-outcome.writer';
import type { KindWriter } from './index-write/kind-writer';
import { upsertLocators } from './index-write/locator.writer';
import { lockOverviews, patchOverviews, saveOverviews } from './index-write/read-model.writer';
import { sagWriter } from './index-write/sag.writer';
import type { Unlinked } from './index-write/sql';
import { retryOnConflict } from './transaction-retry';

export { REDACTED_RETENTION, redactionStub } from './index-write/inbox-outcome.writer';

// The shapes of a planned apply are the domain's (libs/domain ingestion); a write session writes them.
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
export type ApplyWrites = Omit<ApplyPlan, 'outcomes' | 'mappings' | 'affectedCitizens'>;

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

/** Key space of the documents' advisory locks (the two-key form, apart from the inbox's one-key locks). */
const DOCUMENT_LOCK_SPACE = 1_732_300;

/** One writer per index kind, in the order a chunk writes them. */
const KIND_WRITERS = [sagWriter, dokumentWriter, bevillingWriter, effektueringWriter] as const;

/** The planned rows of one kind. */
const rowsOf = (w: ApplyWrites, kind: IndexKind): readonly unknown[] =>
  ({ sag: w.sager, dokument: w.dokumenter, bevilling: w.bevillinger, effektuering: w.effektueringer })[kind];

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
   * Writes a planned chunk: each kind's writer moves, upserts and removes its rows, then the history and
   * the held texts. Documents whose master removed them are deleted once no case links them; only the
   * documents this chunk unlinked or removed are looked at, not the whole table.
   */
  async write(w: ApplyWrites, deliveryId?: string): Promise<void> {
    const unlinked: Unlinked = new Set();
    for (const writer of KIND_WRITERS as ReadonlyArray<KindWriter<unknown>>)
      await writer.move(
        this.tx,
        w.moved.filter((m) => m.kind === writer.kind),
        unlinked,
      );
    await upsertLocators(this.tx, w.locators);
    for (const writer of KIND_WRITERS as ReadonlyArray<KindWriter<unknown>>)
      await writer.upsert(this.tx, rowsOf(w, writer.kind), deliveryId, unlinked);
    await this.remove(w.removals, unlinked);
    await eraseHistory(this.tx, w.erasures);
    await insertRegistrations(this.tx, w.registrations, deliveryId);
    await releaseSuperseded(this.tx, w.unheld);
    await holdTexts(this.tx, w.held);
  }

  /** Physical deletion of what sources removed, the documents no case holds any more, and their held texts. */
  private async remove(removals: ApplyWrites['removals'], unlinked: Unlinked): Promise<void> {
    for (const writer of KIND_WRITERS as ReadonlyArray<KindWriter<unknown>>)
      await writer.remove(
        this.tx,
        removals.filter((r) => r.kind === writer.kind).map((r) => r.id),
        unlinked,
      );
    await deleteOrphanedDokumenter(this.tx, unlinked);
    await deleteHeldOf(
      this.tx,
      removals.map((r) => r.id),
    );
  }

  /** See inbox-outcome.writer: the inbox copies of removed objects become stubs. */
  eraseInboxCopies(deliveryId: string, erasures: ApplyWrites['erasures']): Promise<void> {
    return eraseInboxCopies(this.tx, deliveryId, erasures);
  }

  /** Records the outcomes; a deferred item stays pending, counts the deferral and says what it waits for. */
  markItems(deliveryId: string, outcomes: ItemOutcome[]): Promise<void> {
    return markItems(this.tx, deliveryId, outcomes);
  }

  /** Everything stored for these citizens, for the read-model projection. */
  citizenRows(citizenKeys: string[]): Promise<Map<string, CitizenRows>> {
    return readCitizenRows(this.tx, citizenKeys);
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
        `select s.citizen_key, s.id, s.body, ${SAG_LINKS_SQL} as links
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

  /** See read-model.writer: patches merged into the read-model documents in SQL. */
  patchOverviews(patches: Array<{ citizenKey: string; created: unknown | null; patch: OverviewPatch }>): Promise<void> {
    return patchOverviews(this.tx, patches);
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

  /** See read-model.writer: the citizens' read-model rows locked in key order (placeholders for missing ones). */
  lockOverviews(citizenKeys: string[]): Promise<void> {
    return lockOverviews(this.tx, citizenKeys);
  }

  /** Whole read-model documents replaced; a citizen without data loses the row and its rendered answer. */
  saveOverviews(overviews: Array<{ citizenKey: string; body: unknown | null }>): Promise<void> {
    return saveOverviews(this.tx, overviews);
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
    await retryOnConflict(
      () =>
        this.inTransaction(async (session) => {
          await session.lockLocators(serializeWith);
          await session.lockDocuments(serializeWith);
          await session.lockSagerLinking(serializeWith);
          await session.lockOverviews(keys);
          const rows = await session.citizenRows(keys);
          await session.saveOverviews(keys.map((citizenKey) => ({ citizenKey, body: project(rows.get(citizenKey)!) })));
        }),
      { attempts: 3 },
    );
  }
}
