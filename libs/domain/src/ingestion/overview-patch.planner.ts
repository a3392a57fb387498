import {
  applyOverviewPatch,
  type CitizenOverviewDocument,
  type CitizenOverviewPatch,
  emptyOverviewPatch,
  projectBevillingEntry,
  projectEffektueringEntry,
  projectSagEntry,
} from '../read-model/citizen-overview.projection';
import type { ApplyPlan } from './apply-plan.types';
import { keyedBody } from './keyed-party-urns';

/** A case whose read-model entry is projected: stored (or just planned) body and its document links. */
export interface SagToProject {
  citizenKey: string;
  id: string;
  body: unknown;
  /** one per document, ordered by document id, the first journal-post title kept (as sag_dokument stores them) */
  links: Array<{ dokumentId: string; titel: string | null }>;
}

/** An unreleased held text as stored. */
export interface HeldTextRow {
  objectId: string;
  citizenKey: string;
  pointer: string;
}

/** One citizen's patch, and the document to create when the citizen has none yet (null: nothing to create). */
export interface PlannedOverviewPatch {
  citizenKey: string;
  patch: CitizenOverviewPatch;
  created: CitizenOverviewDocument | null;
}

// ids as PostgreSQL returns uuid columns
const lower = (id: string): string => id.toLowerCase();

/** Documents this chunk changed (upserted or removed): every case that links one shows it, so its entry changes. */
export function dirtyDocumentIds(plan: Pick<ApplyPlan, 'dokumenter' | 'removals'>): string[] {
  return [
    ...new Set([
      ...plan.dokumenter.map((d) => lower(d.id)),
      ...plan.removals.filter((r) => r.kind === 'dokument').map((r) => lower(r.id)),
    ]),
  ];
}

/**
 * The cases whose entries must be projected again: the chunk's own cases (from the plan, with their
 * links as the write stores them) and stored cases that link a changed document.
 */
export function sagerToProject(plan: Pick<ApplyPlan, 'sager'>, linking: readonly SagToProject[]): SagToProject[] {
  const out = new Map<string, SagToProject>();
  for (const s of plan.sager) {
    const links = new Map<string, string | null>();
    for (const l of s.dokumentLinks) {
      const id = lower(l.dokumentId);
      if (!links.has(id)) links.set(id, l.titel);
    }
    out.set(`${s.citizenKey}/${lower(s.id)}`, {
      citizenKey: s.citizenKey,
      id: lower(s.id),
      // as stored: the documents it is projected with hold their person parties keyed
      body: keyedBody(s.body, s.partyUrnKeys),
      links: [...links]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([dokumentId, titel]) => ({ dokumentId, titel })),
    });
  }
  for (const s of linking) {
    const key = `${s.citizenKey}/${s.id}`;
    if (!out.has(key)) out.set(key, s);
  }
  return [...out.values()];
}

/**
 * The read-model patches of one chunk: a fresh entry for each case, grant and payment it wrote (and each
 * case that links a document it wrote), and the entries of objects it removed or moved away taken out.
 * Citizens the chunk did not change (stale or repeated items) get no patch. `docs` holds the stored
 * bodies of the documents the cases link; `held` the unreleased held texts of those objects.
 */
export function planOverviewPatches(
  plan: Pick<ApplyPlan, 'bevillinger' | 'effektueringer' | 'removals' | 'moved'>,
  sager: readonly SagToProject[],
  docs: ReadonlyMap<string, unknown>,
  held: readonly HeldTextRow[],
): PlannedOverviewPatch[] {
  const heldOf = new Map<string, HeldTextRow[]>();
  for (const h of held) {
    const id = lower(h.objectId);
    heldOf.set(id, [...(heldOf.get(id) ?? []), h]);
  }
  // a citizen's own held texts of an object, and every held text of a document one of the citizen's cases links
  const heldBy = (citizenKey: string, own: string, dokumentIds: readonly string[]): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    const mine = (heldOf.get(own) ?? []).filter((h) => h.citizenKey === citizenKey).map((h) => h.pointer);
    if (mine.length) m.set(own, mine);
    for (const d of dokumentIds) {
      const all = (heldOf.get(d) ?? []).map((h) => h.pointer);
      if (all.length) m.set(d, all);
    }
    for (const list of m.values()) list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return m;
  };
  const patches = new Map<string, CitizenOverviewPatch>();
  const patchOf = (citizenKey: string): CitizenOverviewPatch => {
    let p = patches.get(citizenKey);
    if (!p) patches.set(citizenKey, (p = emptyOverviewPatch()));
    return p;
  };
  for (const r of plan.removals) if (r.kind !== 'dokument') patchOf(r.citizenKey).drop.push(lower(r.id));
  for (const m of plan.moved) if (m.kind !== 'dokument') patchOf(m.oldCitizenKey).drop.push(lower(m.id));
  for (const s of sager) {
    const dokumentIds = s.links.map((l) => l.dokumentId);
    patchOf(s.citizenKey).sager.push(
      projectSagEntry({ id: s.id, body: s.body, links: s.links }, docs, heldBy(s.citizenKey, s.id, dokumentIds)),
    );
  }
  for (const b of plan.bevillinger) {
    const id = lower(b.id);
    patchOf(b.citizenKey).bevillinger.push(projectBevillingEntry({ id, body: b.body }, heldBy(b.citizenKey, id, [])));
  }
  for (const e of plan.effektueringer) {
    const id = lower(e.id);
    patchOf(e.citizenKey).effektueringer.push(
      projectEffektueringEntry({ id, body: e.body }, heldBy(e.citizenKey, id, [])),
    );
  }
  return [...patches].map(([citizenKey, patch]) => ({ citizenKey, patch, created: applyOverviewPatch(null, patch) }));
}
