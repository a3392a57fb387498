import { UNDTAGET_FOR_BORGER } from '../visningsklasse';
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
  ydelser: Array<{ id: string; navn: string; startdato: string; slutdato?: string; kle: string; tilbagebetalingspligtig: boolean; betalingsplan?: unknown }>;
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
  linjer: Array<{ bevillingUuid: string; ydelseId: string; periodeStart: string; periodeSlut: string; beloeb: string; kle: string }>;
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
    dokumenter: Array<{ id: string; titel: string; dokumenttype: string; dato: string | null; tilstand: string; undtagetForBorger: boolean; held: boolean }>;
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
  effektueringer: Array<Omit<EffektueringBody, 'uuid' | 'ejer' | 'itSystem'> & { id: string; ownerCvr: string; fagsystem: string; held: string[] }>;
}

const hidden = (classes: Array<{ kode: string; virkning: V }> | undefined): boolean =>
  (classes ?? []).some((c) => c.kode === UNDTAGET_FOR_BORGER && (c.virkning.til === undefined || c.virkning.til === null || Date.parse(c.virkning.til) > Date.now()));

function firstFra(fremdrift: SagBody['fremdrift'], tilstand: string): string | null {
  const froms = fremdrift.filter((f) => f.tilstand === tilstand).map((f) => f.virkning.fra).sort();
  return froms[0] ?? null;
}

/**
 * Projects what is stored for one citizen into the read model. Caseworker names, journal notes and
 * descriptions are left out; held texts are marked (the overview hides them). Returns null when nothing
 * is stored for the citizen any more.
 */
export function projectCitizenOverview(rows: CitizenIndexRows): CitizenOverviewDocument | null {
  if (!rows.sager.length && !rows.bevillinger.length && !rows.effektueringer.length) return null;
  const heldBy = new Map<string, string[]>();
  for (const h of rows.held) heldBy.set(h.objectId, [...(heldBy.get(h.objectId) ?? []), h.pointer]);
  const docs = new Map(rows.dokumenter.map((d) => [d.id, d.body as DokumentBody]));
  return {
    version: 1,
    sager: rows.sager
      .map(({ id, body, links }) => {
        const s = body as SagBody;
        const status = citizenStatus(s.fremdrift, s.afgoerelsesklasse?.kode);
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
          timeline: statusTimeline(s.fremdrift, s.afgoerelsesklasse?.kode).map((t) => ({ code: t.code, label: t.label, fra: t.fra })),
          undtagetForBorger: hidden(s.visningsklasser),
          held: heldBy.get(id) ?? [],
          dokumenter: links.flatMap((link, i) => {
            const d = docs.get(link.dokumentId);
            if (!d) return [];
            return [{
              id: link.dokumentId,
              titel: link.titel ?? d.titel,
              dokumenttype: d.dokumenttype,
              dato: d.brevdato ?? null,
              tilstand: d.tilstand,
              undtagetForBorger: hidden(d.visningsklasser),
              held: (heldBy.get(link.dokumentId) ?? []).length > 0 || (heldBy.get(id) ?? []).includes(`/object/journalposter/${i}/titel`),
            }];
          }),
        };
      })
      .sort((a, b) => b.opstaaet.localeCompare(a.opstaaet)),
    bevillinger: rows.bevillinger.map(({ id, body }) => {
      const b = body as BevillingBody;
      return {
        id,
        sagId: b.sagUuid,
        ownerCvr: b.ejer.cvr,
        fagsystem: b.itSystem.master,
        startdato: b.startdato,
        slutdato: b.slutdato ?? null,
        udbetaler: b.udbetaler ?? 'KOMMUNE',
        ydelser: b.ydelser,
        held: heldBy.get(id) ?? [],
      };
    }),
    effektueringer: rows.effektueringer
      .map(({ id, body }) => {
        const { uuid: _uuid, ejer, itSystem, ...rest } = body as EffektueringBody;
        return { ...rest, id, ownerCvr: ejer.cvr, fagsystem: itSystem.master, held: heldBy.get(id) ?? [] };
      })
      .sort((a, b) => b.dispositionsdato.localeCompare(a.dispositionsdato)),
  };
}
