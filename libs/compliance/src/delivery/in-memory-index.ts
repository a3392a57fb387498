import {
  applyOverviewPatch,
  type ApplyPlan,
  type CitizenOverviewDocument,
  type HeldTextRow,
  type IndexKind,
  type LocatorState,
  type PlannedOverviewPatch,
  type SagToProject,
} from '@overblik/domain';

interface StoredRow {
  citizenKey: string;
  id: string;
  body: unknown;
}
interface StoredDokument extends StoredRow {
  masterRemoved: boolean;
}
interface StoredHeld {
  citizenKey: string;
  objectId: string;
  pointer: string;
  reason: string;
  released: boolean;
}
interface StoredLink {
  citizenKey: string;
  sagId: string;
  dokumentId: string;
  titel: string | null;
}

/** The ids stored per kind of object (what a physical removal takes away). */
export interface StoredIds {
  sag: string[];
  dokument: string[];
  bevilling: string[];
  effektuering: string[];
}

// PostgreSQL returns uuid columns in lower case; the index here keys them the same way
const lower = (id: string): string => id.toLowerCase();
const rowKey = (citizenKey: string, id: string): string => `${citizenKey}/${lower(id)}`;
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The index, the held texts and the citizens' read models in memory, written with the semantics of
 * IndexWriteSession (libs/persistence) so that the real planners and projection can run without a
 * database: upserts per citizen and id, document links per case, physical removal (a document its master
 * removed stays while a case holds it), held texts released by a clean registration.
 */
export class InMemoryIndex {
  private readonly locators = new Map<string, LocatorState>();
  private readonly rows: Record<Exclude<IndexKind, 'dokument'>, Map<string, StoredRow>> = {
    sag: new Map(),
    bevilling: new Map(),
    effektuering: new Map(),
  };
  private readonly dokumenter = new Map<string, StoredDokument>();
  private readonly links = new Map<string, StoredLink>();
  private readonly held = new Map<string, StoredHeld>();
  private readonly overviews = new Map<string, CitizenOverviewDocument>();

  /** The locators of these objects (as lockLocators reads them). */
  locatorsOf(ids: readonly string[]): Map<string, LocatorState> {
    const out = new Map<string, LocatorState>();
    for (const id of ids) {
      const l = this.locators.get(lower(id));
      if (l) out.set(l.id, { ...l });
    }
    return out;
  }

  /** Ids among these that are live objects of the kind. */
  liveIds(kind: IndexKind, ids: readonly string[]): Set<string> {
    return new Set(
      ids.map(lower).filter((id) => {
        const l = this.locators.get(id);
        return l !== undefined && l.kind === kind && l.removedAt === null;
      }),
    );
  }

  write(plan: ApplyPlan): void {
    const unlinked = new Set<string>();
    for (const m of plan.moved) {
      this.deleteRow(m.kind, rowKey(m.oldCitizenKey, m.id));
      if (m.kind === 'sag')
        this.unlinkSag((l) => l.citizenKey === m.oldCitizenKey && l.sagId === lower(m.id), unlinked);
    }
    for (const l of plan.locators) this.locators.set(lower(l.id), { ...l, id: lower(l.id) });
    for (const s of plan.sager) {
      this.rows.sag.set(rowKey(s.citizenKey, s.id), { citizenKey: s.citizenKey, id: lower(s.id), body: s.body });
    }
    for (const s of plan.sager)
      this.unlinkSag((l) => l.citizenKey === s.citizenKey && l.sagId === lower(s.id), unlinked);
    for (const s of plan.sager) {
      for (const link of s.dokumentLinks) {
        const key = `${s.citizenKey}/${lower(s.id)}/${lower(link.dokumentId)}`;
        if (!this.links.has(key))
          this.links.set(key, {
            citizenKey: s.citizenKey,
            sagId: lower(s.id),
            dokumentId: lower(link.dokumentId),
            titel: link.titel,
          });
      }
    }
    for (const d of plan.dokumenter) {
      for (const [key, row] of this.dokumenter)
        if (row.id === lower(d.id) && row.citizenKey !== d.citizenKey) this.dokumenter.delete(key);
      this.dokumenter.set(rowKey(d.citizenKey, d.id), {
        citizenKey: d.citizenKey,
        id: lower(d.id),
        body: d.body,
        masterRemoved: false,
      });
    }
    for (const b of plan.bevillinger)
      this.rows.bevilling.set(rowKey(b.citizenKey, b.id), { citizenKey: b.citizenKey, id: lower(b.id), body: b.body });
    for (const e of plan.effektueringer)
      this.rows.effektuering.set(rowKey(e.citizenKey, e.id), {
        citizenKey: e.citizenKey,
        id: lower(e.id),
        body: e.body,
      });
    this.remove(plan.removals, unlinked);
    const unheld = new Set(plan.unheld.map(lower));
    for (const h of this.held.values()) if (unheld.has(h.objectId)) h.released = true;
    for (const h of plan.held) {
      this.held.set(`${lower(h.objectId)}|${h.pointer}`, {
        citizenKey: h.citizenKey,
        objectId: lower(h.objectId),
        pointer: h.pointer,
        reason: h.reason,
        released: false,
      });
    }
  }

  private deleteRow(kind: IndexKind, key: string): void {
    if (kind === 'dokument') this.dokumenter.delete(key);
    else this.rows[kind].delete(key);
  }

  private unlinkSag(which: (l: StoredLink) => boolean, unlinked: Set<string>): void {
    for (const [key, link] of this.links) {
      if (!which(link)) continue;
      this.links.delete(key);
      unlinked.add(link.dokumentId);
    }
  }

  /** Physical deletion; a document its master removed goes once no case links it. */
  private remove(removals: ApplyPlan['removals'], unlinked: Set<string>): void {
    const ids = (kind: IndexKind): Set<string> =>
      new Set(removals.filter((r) => r.kind === kind).map((r) => lower(r.id)));
    const sagIds = ids('sag');
    for (const [key, row] of this.rows.sag) if (sagIds.has(row.id)) this.rows.sag.delete(key);
    this.unlinkSag((l) => sagIds.has(l.sagId), unlinked);
    for (const kind of ['bevilling', 'effektuering'] as const) {
      const list = ids(kind);
      for (const [key, row] of this.rows[kind]) if (list.has(row.id)) this.rows[kind].delete(key);
    }
    const dokIds = ids('dokument');
    for (const row of this.dokumenter.values()) if (dokIds.has(row.id)) row.masterRemoved = true;
    const candidates = new Set([...dokIds, ...unlinked]);
    const linked = new Set([...this.links.values()].map((l) => l.dokumentId));
    for (const [key, row] of this.dokumenter)
      if (candidates.has(row.id) && row.masterRemoved && !linked.has(row.id)) this.dokumenter.delete(key);
    const all = new Set(removals.map((r) => lower(r.id)));
    for (const [key, h] of this.held) if (all.has(h.objectId)) this.held.delete(key);
  }

  private linksOf(citizenKey: string, sagId: string): SagToProject['links'] {
    return [...this.links.values()]
      .filter((l) => l.citizenKey === citizenKey && l.sagId === sagId)
      .sort((a, b) => byCodeUnits(a.dokumentId, b.dokumentId))
      .map((l) => ({ dokumentId: l.dokumentId, titel: l.titel }));
  }

  /** Stored cases that link any of these documents, with their links. */
  sagerLinking(dokumentIds: readonly string[]): SagToProject[] {
    const wanted = new Set(dokumentIds.map(lower));
    const sager = new Set(
      [...this.links.values()].filter((l) => wanted.has(l.dokumentId)).map((l) => rowKey(l.citizenKey, l.sagId)),
    );
    return [...sager].flatMap((key) => {
      const row = this.rows.sag.get(key);
      return row
        ? [{ citizenKey: row.citizenKey, id: row.id, body: row.body, links: this.linksOf(row.citizenKey, row.id) }]
        : [];
    });
  }

  /** Bodies of the stored documents among these ids. */
  dokumentBodies(ids: readonly string[]): Map<string, unknown> {
    const wanted = new Set(ids.map(lower));
    const out = new Map<string, unknown>();
    for (const row of this.dokumenter.values()) if (wanted.has(row.id) && !out.has(row.id)) out.set(row.id, row.body);
    return out;
  }

  /** Unreleased held texts of these objects. */
  heldTexts(objectIds: readonly string[]): HeldTextRow[] {
    const wanted = new Set(objectIds.map(lower));
    return [...this.held.values()]
      .filter((h) => !h.released && wanted.has(h.objectId))
      .map((h) => ({ objectId: h.objectId, citizenKey: h.citizenKey, pointer: h.pointer }));
  }

  /** Merges the patches into the citizens' read models; a document left empty is deleted. */
  patchOverviews(patches: readonly PlannedOverviewPatch[]): void {
    for (const p of patches) {
      const next = applyOverviewPatch(this.overviews.get(p.citizenKey) ?? null, p.patch);
      if (next) this.overviews.set(p.citizenKey, next);
      else this.overviews.delete(p.citizenKey);
    }
  }

  overviewOf(citizenKey: string): CitizenOverviewDocument | null {
    return this.overviews.get(citizenKey) ?? null;
  }

  /** What is stored of one citizen, by kind. */
  storedIds(citizenKey: string): StoredIds {
    const of = (rows: Iterable<StoredRow>): string[] =>
      [...rows]
        .filter((r) => r.citizenKey === citizenKey)
        .map((r) => r.id)
        .sort(byCodeUnits);
    return {
      sag: of(this.rows.sag.values()),
      dokument: of(this.dokumenter.values()),
      bevilling: of(this.rows.bevilling.values()),
      effektuering: of(this.rows.effektuering.values()),
    };
  }
}
