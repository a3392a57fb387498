import { isUndtagetForBorgerKode } from '../visningsklasse';
import { citizenStatus, statusTimeline } from '../status';

/** Rows stored for one citizen (bodies are the applied delivery objects). */
export interface CitizenIndexRows {
  sager: Array<{ id: string; body: unknown; links: Array<{ dokumentId: string; titel: string | null }> }>;
  dokumenter: Array<{ id: string; body: unknown }>;
  bevillinger: Array<{ id: string; body: unknown }>;
  effektueringer: Array<{ id: string; body: unknown }>;
  held: Array<{ objectId: string; pointer: string; reason: string }>;
}

interface V {
  fra: string;
  til?: string | null;
}
interface SagBody {
  uuid: string;
  tidspunkt: string;
  ejer: { cvr: string };
  itSystem: { master: string };
  titel: string;
  sagsnummer: string;
  kildeStatus?: string;
  fremdrift: Array<{ tilstand: 'Opstaaet' | 'Oplyst' | 'Afgjort' | 'Afsluttet'; virkning: V }>;
  primaerPart?: { urn: string };
  primaerKlasse: { kle: string };
  afgoerelsesklasse?: { kode: 'FOR' | 'IMOD' | 'DELVIS' | 'ANNULLERET'; virkning: V };
  visningsklasser?: Array<{ kode: string; virkning: V }>;
}
interface DokumentBody {
  uuid: string;
  titel: string;
  dokumenttype: string;
  brevdato?: string;
  tilstand: string;
  visningsklasser?: Array<{ kode: string; virkning: V }>;
}
interface BevillingBody {
  uuid: string;
  ejer: { cvr: string };
  itSystem: { master: string };
  sagUuid: string;
  startdato: string;
  slutdato?: string;
  udbetaler?: string;
  ydelser: Array<{
    id: string;
    navn: string;
    startdato: string;
    slutdato?: string;
    kle: string;
    tilbagebetalingspligtig: boolean;
    betalingsplan?: unknown;
  }>;
}
interface EffektueringBody {
  uuid: string;
  ejer: { cvr: string };
  itSystem: { master: string };
  periodeStart: string;
  periodeSlut: string;
  dispositionsdato: string;
  bruttobeloeb: string;
  beloebEfterSkat: string;
  beloebTilUdbetaling: string;
  udbetaltBeloeb: string;
  forklaringer?: string[];
  udbetalendeEnhed?: string;
  linjer: Array<{
    bevillingUuid: string;
    ydelseId: string;
    periodeStart: string;
    periodeSlut: string;
    beloeb: string;
    kle: string;
  }>;
}

/** The read model of one citizen: everything the overview needs; configuration is applied at read time. */
export interface CitizenOverviewDocument {
  version: 1;
  sager: Array<{
    id: string;
    ownerCvr: string;
    fagsystem: string;
    kle: string;
    titel: string;
    sagsnummer: string;
    primaryPartyIsCpr: boolean;
    opstaaet: string;
    afgjort: string | null;
    afsluttet: string | null;
    status: { code: number; label: string };
    timeline: Array<{ code: number; label: string; fra: string }>;
    undtagetForBorger: boolean;
    held: string[];
    dokumenter: Array<{
      id: string;
      titel: string;
      dokumenttype: string;
      dato: string | null;
      tilstand: string;
      undtagetForBorger: boolean;
      held: boolean;
    }>;
  }>;
  bevillinger: Array<{
    id: string;
    sagId: string;
    ownerCvr: string;
    fagsystem: string;
    startdato: string;
    slutdato: string | null;
    udbetaler: string;
    ydelser: BevillingBody['ydelser'];
    held: string[];
  }>;
  effektueringer: Array<
    Omit<EffektueringBody, 'uuid' | 'ejer' | 'itSystem'> & {
      id: string;
      ownerCvr: string;
      fagsystem: string;
      held: string[];
    }
  >;
}

const hidden = (classes: Array<{ kode: string; virkning: V }> | undefined): boolean =>
  (classes ?? []).some(
    (c) =>
      isUndtagetForBorgerKode(c.kode) &&
      (c.virkning.til === undefined || c.virkning.til === null || Date.parse(c.virkning.til) > Date.now()),
  );

function firstFra(fremdrift: SagBody['fremdrift'], tilstand: string): string | null {
  const froms = fremdrift
    .filter((f) => f.tilstand === tilstand)
    .map((f) => f.virkning.fra)
    .sort();
  return froms[0] ?? null;
}

export type OverviewSagEntry = CitizenOverviewDocument['sager'][number];
export type OverviewBevillingEntry = CitizenOverviewDocument['bevillinger'][number];
export type OverviewEffektueringEntry = CitizenOverviewDocument['effektueringer'][number];

/**
 * Code-unit order of strings (what PostgreSQL calls COLLATE "C" for ASCII text): the read model sorts
 * ISO dates and UUIDs with it, so the same rows give the same document in any process and locale.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Cases newest first (by first Opstaaet), then by id: a total order, so the document is deterministic. */
export function compareOverviewSager(a: { opstaaet: string; id: string }, b: { opstaaet: string; id: string }): number {
  return compareCodeUnits(b.opstaaet, a.opstaaet) || compareCodeUnits(a.id, b.id);
}
/** Grants by id. */
export function compareOverviewBevillinger(a: { id: string }, b: { id: string }): number {
  return compareCodeUnits(a.id, b.id);
}
/** Payments newest first (by dispositionsdato), then by id. */
export function compareOverviewEffektueringer(
  a: { dispositionsdato: string; id: string },
  b: { dispositionsdato: string; id: string },
): number {
  return compareCodeUnits(b.dispositionsdato, a.dispositionsdato) || compareCodeUnits(a.id, b.id);
}

/** Held pointers by object id. */
export type HeldPointers = ReadonlyMap<string, readonly string[]>;

export function heldPointersOf(held: CitizenIndexRows['held']): Map<string, string[]> {
  const heldBy = new Map<string, string[]>();
  for (const h of held) {
    const list = heldBy.get(h.objectId);
    if (list) list.push(h.pointer);
    else heldBy.set(h.objectId, [h.pointer]);
  }
  for (const list of heldBy.values()) list.sort(compareCodeUnits);
  return heldBy;
}

/**
 * The read-model entry of one case. `links` are its journal-post document links (ordered by document
 * id, one per document, as stored); `docs` holds the stored bodies of (at least) those documents.
 * A journal-post title the safety net holds marks the link to that post's document as held.
 */
export function projectSagEntry(
  sag: CitizenIndexRows['sager'][number],
  docs: ReadonlyMap<string, unknown>,
  heldBy: HeldPointers,
): OverviewSagEntry {
  const { id, body, links } = sag;
  const s = body as SagBody & { journalposter?: Array<{ dokumentUuid?: string }> };
  const status = citizenStatus(s.fremdrift, s.afgoerelsesklasse?.kode);
  const sagHeld = heldBy.get(id) ?? [];
  // the journal posts (by index in the delivered body) that link each document
  const postsOf = new Map<string, number[]>();
  (s.journalposter ?? []).forEach((jp, i) => {
    if (!jp.dokumentUuid) return;
    const key = jp.dokumentUuid.toLowerCase();
    postsOf.set(key, [...(postsOf.get(key) ?? []), i]);
  });
  return {
    id,
    ownerCvr: s.ejer.cvr,
    fagsystem: s.itSystem.master,
    kle: s.primaerKlasse.kle,
    titel: s.titel,
    sagsnummer: s.sagsnummer,
    primaryPartyIsCpr: /^urn:oio:cpr-nr:\d{10}$/.test(s.primaerPart?.urn ?? ''),
    opstaaet: firstFra(s.fremdrift, 'Opstaaet') ?? s.tidspunkt,
    afgjort: firstFra(s.fremdrift, 'Afgjort'),
    afsluttet: firstFra(s.fremdrift, 'Afsluttet'),
    status: { code: status.code, label: status.label },
    timeline: statusTimeline(s.fremdrift, s.afgoerelsesklasse?.kode).map((t) => ({
      code: t.code,
      label: t.label,
      fra: t.fra,
    })),
    undtagetForBorger: hidden(s.visningsklasser),
    held: [...sagHeld],
    dokumenter: links.flatMap((link) => {
      const d = docs.get(link.dokumentId) as DokumentBody | undefined;
      if (!d) return [];
      const posts = postsOf.get(link.dokumentId.toLowerCase()) ?? [];
      return [
        {
          id: link.dokumentId,
          titel: link.titel ?? d.titel,
          dokumenttype: d.dokumenttype,
          dato: d.brevdato ?? null,
          tilstand: d.tilstand,
          undtagetForBorger: hidden(d.visningsklasser),
          held:
            (heldBy.get(link.dokumentId) ?? []).length > 0 ||
            posts.some((i) => sagHeld.includes(`/object/journalposter/${i}/titel`)),
        },
      ];
    }),
  };
}

export function projectBevillingEntry(
  row: CitizenIndexRows['bevillinger'][number],
  heldBy: HeldPointers,
): OverviewBevillingEntry {
  const b = row.body as BevillingBody;
  return {
    id: row.id,
    sagId: b.sagUuid,
    ownerCvr: b.ejer.cvr,
    fagsystem: b.itSystem.master,
    startdato: b.startdato,
    slutdato: b.slutdato ?? null,
    udbetaler: b.udbetaler ?? 'KOMMUNE',
    ydelser: b.ydelser,
    held: [...(heldBy.get(row.id) ?? [])],
  };
}

/**
 * A payment's entry: only what the overview shows. The party (a CPR URN and a name), the source's
 * registration time and sensitivity stay in the index: the read model carries no CPR number.
 */
export function projectEffektueringEntry(
  row: CitizenIndexRows['effektueringer'][number],
  heldBy: HeldPointers,
): OverviewEffektueringEntry {
  const e = row.body as EffektueringBody;
  return {
    id: row.id,
    ownerCvr: e.ejer.cvr,
    fagsystem: e.itSystem.master,
    periodeStart: e.periodeStart,
    periodeSlut: e.periodeSlut,
    dispositionsdato: e.dispositionsdato,
    bruttobeloeb: e.bruttobeloeb,
    beloebEfterSkat: e.beloebEfterSkat,
    beloebTilUdbetaling: e.beloebTilUdbetaling,
    udbetaltBeloeb: e.udbetaltBeloeb,
    ...(e.forklaringer ? { forklaringer: e.forklaringer } : {}),
    ...(e.udbetalendeEnhed ? { udbetalendeEnhed: e.udbetalendeEnhed } : {}),
    linjer: e.linjer.map((l) => ({
      bevillingUuid: l.bevillingUuid,
      ydelseId: l.ydelseId,
      periodeStart: l.periodeStart,
      periodeSlut: l.periodeSlut,
      beloeb: l.beloeb,
      kle: l.kle,
    })),
    held: [...(heldBy.get(row.id) ?? [])],
  };
}

/** A document with no case, grant or payment left is no document: the row is deleted. */
export function isEmptyOverview(
  doc: Pick<CitizenOverviewDocument, 'sager' | 'bevillinger' | 'effektueringer'>,
): boolean {
  return !doc.sager.length && !doc.bevillinger.length && !doc.effektueringer.length;
}

/**
 * Projects what is stored for one citizen into the read model. Caseworker names, journal notes and
 * descriptions are left out; held texts are marked (the overview hides them). Returns null when nothing
 * is stored for the citizen any more. The arrays are in a total order (see the compare functions), so
 * the result does not depend on the order the rows come in.
 */
export function projectCitizenOverview(rows: CitizenIndexRows): CitizenOverviewDocument | null {
  if (!rows.sager.length && !rows.bevillinger.length && !rows.effektueringer.length) return null;
  const heldBy = heldPointersOf(rows.held);
  const docs = new Map(rows.dokumenter.map((d) => [d.id, d.body]));
  return {
    version: 1,
    sager: rows.sager.map((s) => projectSagEntry(s, docs, heldBy)).sort(compareOverviewSager),
    bevillinger: rows.bevillinger.map((b) => projectBevillingEntry(b, heldBy)).sort(compareOverviewBevillinger),
    effektueringer: rows.effektueringer
      .map((e) => projectEffektueringEntry(e, heldBy))
      .sort(compareOverviewEffektueringer),
  };
}

/**
 * A change to one citizen's read model: the entries to put (replacing any entry with the same id) and
 * the ids of entries to take out. Computed from the objects one ingestion chunk changed, so a citizen
 * with hundreds of payments is not read back and projected again for one new case.
 */
export interface CitizenOverviewPatch {
  sager: OverviewSagEntry[];
  bevillinger: OverviewBevillingEntry[];
  effektueringer: OverviewEffektueringEntry[];
  /** ids of cases, grants or payments to take out (removed, or moved to another citizen) */
  drop: string[];
}

export function emptyOverviewPatch(): CitizenOverviewPatch {
  return { sager: [], bevillinger: [], effektueringer: [], drop: [] };
}

/**
 * Applies a patch to a stored document (or to none). The result equals the full projection of the rows
 * stored after the change, provided the patch holds a fresh entry for every object whose entry changed
 * (tested as a property in the worker's integration tests). PostgreSQL applies the same merge in SQL
 * (IndexWriteSession.patchOverviews); this is its reference.
 */
export function applyOverviewPatch(
  doc: CitizenOverviewDocument | null,
  patch: CitizenOverviewPatch,
): CitizenOverviewDocument | null {
  const merge = <T extends { id: string }>(
    old: readonly T[],
    put: readonly T[],
    compare: (a: T, b: T) => number,
  ): T[] => {
    const out = new Set([...patch.drop, ...put.map((e) => e.id)]);
    return [...old.filter((e) => !out.has(e.id)), ...put].sort(compare);
  };
  const next: CitizenOverviewDocument = {
    version: 1,
    sager: merge(doc?.sager ?? [], patch.sager, compareOverviewSager),
    bevillinger: merge(doc?.bevillinger ?? [], patch.bevillinger, compareOverviewBevillinger),
    effektueringer: merge(doc?.effektueringer ?? [], patch.effektueringer, compareOverviewEffektueringer),
  };
  return isEmptyOverview(next) ? null : next;
}
