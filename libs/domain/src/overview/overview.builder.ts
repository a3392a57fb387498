import type { CitizenOverviewDocument } from '../read-model/citizen-overview.projection';
import { nextExemptionChange } from '../visningsklasse';
import { type DisplayConfiguration, isConnected, kleConfigFor, kleTitle } from './display-configuration';
import { caseHiddenBy, type DisplayContext, documentHiddenBy, visibleBenefits } from './display-rules';
import { addDays, nextExpectedPayment } from './next-payment';
import {
  type CoverageKommune,
  type Handler,
  type Kontaktpunkt,
  type NaesteUdbetaling,
  OVERVIEW_VERSION,
  type OverviewBevilling,
  type OverviewKommune,
  type OverviewResponse,
  type OverviewSag,
  type OverviewUdbetaling,
  type StatusValue,
} from './overview.types';

export const UDBETALING_DANMARK = 'Udbetaling Danmark';

export const CONTACT_POINT_TEXTS: Record<Kontaktpunkt['type'], string> = {
  DIGITAL_POST: 'Digital Post',
  TELEFON: 'Telefon',
  EMAIL: 'E-mail',
  HJEMMESIDE: 'Hjemmeside',
  FYSISK: 'Personligt fremmøde',
};

export const COVERAGE_TEXT =
  'Oversigten viser sager og ydelser fra de kommuner, fagsystemer og emner, der står her, fra den viste fra-dato. ' +
  'Sager i andre systemer, om andre emner eller fra før fra-datoen vises ikke her.';

/** What an answer disclosed: recorded in the access log. */
export interface OverviewDisclosure {
  municipalities: string[];
  recordIds: string[];
}

const status = (s: { code: number; label: string }): StatusValue => ({
  kode: s.code as StatusValue['kode'],
  tekst: s.label,
});

function handler(config: DisplayConfiguration, cvr: string, udbetaler: string): Handler {
  return udbetaler === 'UDBETALING_DANMARK'
    ? { type: 'UDBETALING_DANMARK', navn: UDBETALING_DANMARK }
    : { type: 'KOMMUNE', navn: config.municipalities.get(cvr)?.navn ?? cvr };
}

const coverageCache = new WeakMap<DisplayConfiguration, Map<string, CoverageKommune>>();

/** Coverage of one municipality: connected fagsystems and opened KLE emner with their fra-dato (cached per snapshot). */
export function coverageOf(config: DisplayConfiguration, cvr: string): CoverageKommune | undefined {
  let cache = coverageCache.get(config);
  if (!cache) coverageCache.set(config, (cache = new Map()));
  const hit = cache.get(cvr);
  if (hit) return hit;
  const municipality = config.municipalities.get(cvr);
  if (!municipality) return undefined;
  const connected = [...(config.connections.get(cvr) ?? new Map()).entries()]
    .filter(([id]) => isConnected(config, cvr, id))
    .map(([id]) => ({ id, navn: config.fagsystemNames.get(id) ?? id }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const emner = [...config.kle.entries()]
    .filter(([key, c]) => key.startsWith(`${cvr}|`) && c.shown)
    .map(([, c]) => ({
      kle: { nummer: c.kle, titel: kleTitle(config, c.kle) },
      fraDato: c.fraDato,
      aktiveSagerFoerFraDato: c.activeCaseOverride,
      // the systems whose records this emne shows: the filter, or every connected one (never an empty list that reads as "none")
      fagsystemer: c.fagsystemFilter.length ? [...c.fagsystemFilter].sort() : connected.map((f) => f.id),
    }))
    .sort((a, b) => a.kle.nummer.localeCompare(b.kle.nummer));
  const entry: CoverageKommune = { cvr, navn: municipality.navn, fagsystemer: connected, emner };
  cache.set(cvr, entry);
  return entry;
}

/** Municipalities with at least one connection citizens may see. */
export function connectedMunicipalities(config: DisplayConfiguration): string[] {
  return [...config.connections.keys()]
    .filter((cvr) => [...config.connections.get(cvr)!.keys()].some((fs) => isConnected(config, cvr, fs)))
    .sort();
}

function buildSag(sag: CitizenOverviewDocument['sager'][number], ctx: DisplayContext): OverviewSag {
  const { config } = ctx;
  const kle = kleConfigFor(config, sag.ownerCvr, sag.kle);
  const kleRef = { nummer: sag.kle, titel: kleTitle(config, sag.kle) };
  return {
    id: sag.id,
    titel: kle?.titleSource === 'SAG' ? sag.titel : kleRef.titel,
    kle: kleRef,
    sagsnummer: sag.sagsnummer,
    status: status(sag.status),
    statusforloeb: sag.timeline.map((t) => ({ ...status(t), fra: t.fra })),
    oprettet: sag.opstaaet,
    afgjort: sag.afgjort,
    afsluttet: sag.afsluttet,
    behandlesAf: handler(config, sag.ownerCvr, 'KOMMUNE'),
    dokumenter: sag.dokumenter
      .filter((d) => documentHiddenBy(d, kle, ctx.today, { config, cvr: sag.ownerCvr }) === null)
      .map((d) => ({ id: d.id, titel: d.titel, type: d.dokumenttype, dato: d.dato })),
    selvbetjeningslink: kle?.selfserviceUrl ?? null,
    borgerDkArtikel: kle?.borgerdkUrl ?? null,
    kontaktpunkter: (kle?.contactPoints ?? []).map((c) => ({
      type: c.type,
      typeTekst: CONTACT_POINT_TEXTS[c.type],
      vaerdi: c.value,
      tekst: c.label,
    })),
  };
}

/** The citizen's own part of the answer: what the rules let through, and until when it holds. */
export interface CitizenPart {
  kommuner: OverviewKommune[];
  naesteUdbetaling: NaesteUdbetaling | null;
  disclosure: OverviewDisclosure;
  /**
   * The first day (YYYY-MM-DD) on which this part may read differently for the same read model and
   * configuration: it holds on every day from `today` up to the day before. Three things in it depend on
   * the day: a next expected payment (rolls on when its day comes), a benefit's end (an ended benefit
   * loses the active-case override the day after its last day) and an exemption "undtaget for borger"
   * (a case or document is hidden from the day it starts and shown again from the day it ends).
   */
  validUntil: string;
}

export const NO_END = '9999-12-31';

/**
 * The display rules of DOMAIN.md §3 applied in order to the read model, grouped per municipality, with the
 * next expected payment. `doc` is null for a citizen with nothing stored.
 */
export function buildCitizenPart(doc: CitizenOverviewDocument | null, ctx: DisplayContext): CitizenPart {
  const { config, today } = ctx;
  const byCvr = new Map<string, OverviewKommune>();
  const kommune = (cvr: string): OverviewKommune => {
    let k = byCvr.get(cvr);
    if (!k)
      byCvr.set(
        cvr,
        (k = {
          cvr,
          navn: config.municipalities.get(cvr)?.navn ?? cvr,
          sager: [],
          ydelser: { bevillinger: [], udbetalinger: [] },
        }),
      );
    return k;
  };
  const recordIds: string[] = [];
  const hiddenCases = new Set<string>();
  for (const sag of doc?.sager ?? []) {
    if (caseHiddenBy(sag, ctx) !== null) {
      hiddenCases.add(sag.id);
      continue;
    }
    const shown = buildSag(sag, ctx);
    kommune(sag.ownerCvr).sager.push(shown);
    recordIds.push(shown.id, ...shown.dokumenter.map((d) => d.id));
  }
  let soonest: NaesteUdbetaling | null = null;
  let validUntil = NO_END;
  const changesOn = (d: string) => {
    if (d < validUntil) validUntil = d;
  };
  if (doc) {
    // conservative: every exemption start or end still ahead, of any case or document, shown or not
    for (const sag of doc.sager) {
      const next = nextExemptionChange(sag.undtagetForBorger, today);
      if (next) changesOn(next);
      for (const d of sag.dokumenter) {
        const nextDoc = nextExemptionChange(d.undtagetForBorger, today);
        if (nextDoc) changesOn(nextDoc);
      }
    }
    // conservative: every benefit end still ahead, shown or not
    for (const b of doc.bevillinger) {
      for (const y of b.ydelser) {
        const end = y.slutdato ?? b.slutdato;
        if (end && end >= today) changesOn(addDays(end, 1));
      }
    }
    const benefits = visibleBenefits(doc, ctx, hiddenCases);
    const grantOf = new Map(benefits.bevillinger.map((g) => [g.bevilling.id, g.bevilling]));
    const payments: OverviewUdbetaling[] = benefits.effektueringer.map(({ effektuering: e, linjer }) => ({
      id: e.id,
      bevillingIds: [...new Set(linjer.map((l) => l.bevillingUuid))],
      periodeStart: e.periodeStart,
      periodeSlut: e.periodeSlut,
      dispositionsdato: e.dispositionsdato,
      bruttobeloeb: e.bruttobeloeb,
      beloebEfterSkat: e.beloebEfterSkat,
      beloebTilUdbetaling: e.beloebTilUdbetaling,
      udbetaltBeloeb: e.udbetaltBeloeb,
      forklaringer: e.forklaringer ?? [],
      udbetaler: handler(config, e.ownerCvr, grantOf.get(linjer[0]!.bevillingUuid)?.udbetaler ?? 'KOMMUNE'),
      linjer: linjer.map((l) => ({
        bevillingId: l.bevillingUuid,
        ydelseId: l.ydelseId,
        periodeStart: l.periodeStart,
        periodeSlut: l.periodeSlut,
        beloeb: l.beloeb,
        kle: { nummer: l.kle, titel: kleTitle(config, l.kle) },
      })),
    }));
    const paidBy = new Map<string, Array<{ dispositionsdato: string; periodeSlut: string }>>();
    for (const p of payments) {
      for (const l of p.linjer) {
        const key = `${l.bevillingId}|${l.ydelseId}`;
        const paid = paidBy.get(key);
        if (paid) paid.push({ dispositionsdato: p.dispositionsdato, periodeSlut: l.periodeSlut });
        else paidBy.set(key, [{ dispositionsdato: p.dispositionsdato, periodeSlut: l.periodeSlut }]);
      }
    }
    for (const { bevilling: b, ydelser } of benefits.bevillinger) {
      const udbetaler = handler(config, b.ownerCvr, b.udbetaler);
      let next: NaesteUdbetaling | null = null;
      for (const y of ydelser) {
        if (!y.betalingsplan) continue;
        const plan = y.betalingsplan as { frekvens: string; beloeb: string };
        const dato = nextExpectedPayment({
          frekvens: plan.frekvens,
          paid: paidBy.get(`${b.id}|${y.id}`) ?? [],
          slutdato: y.slutdato ?? b.slutdato,
          today,
        });
        if (dato) changesOn(dato);
        if (dato && (!next || dato < next.dato))
          next = { dato, beloeb: plan.beloeb, bevillingId: b.id, ydelseId: y.id, ydelse: y.navn, udbetaler };
      }
      const shown: OverviewBevilling = {
        id: b.id,
        sagId: b.sagId,
        startdato: b.startdato,
        slutdato: b.slutdato,
        udbetaler,
        ydelser: ydelser.map((y) => {
          const plan = y.betalingsplan as
            | { frekvens: string; forudBagud: string; dispositionsdagTekst?: string; beloeb: string }
            | undefined;
          return {
            id: y.id,
            navn: y.navn,
            kle: { nummer: y.kle, titel: kleTitle(config, y.kle) },
            startdato: y.startdato,
            slutdato: y.slutdato ?? null,
            tilbagebetalingspligtig: y.tilbagebetalingspligtig,
            betalingsplan: plan
              ? {
                  frekvens: plan.frekvens,
                  forudBagud: plan.forudBagud,
                  dispositionsdagTekst: plan.dispositionsdagTekst ?? null,
                  beloeb: plan.beloeb,
                }
              : null,
          };
        }),
        naesteUdbetaling: next,
      };
      kommune(b.ownerCvr).ydelser.bevillinger.push(shown);
      recordIds.push(b.id);
      if (next && (!soonest || next.dato < soonest.dato)) soonest = next;
    }
    payments.forEach((p, i) => {
      kommune(benefits.effektueringer[i]!.effektuering.ownerCvr).ydelser.udbetalinger.push(p);
      recordIds.push(p.id);
    });
  }
  const answered = [...byCvr.keys()].sort();
  return {
    kommuner: answered.map((cvr) => byCvr.get(cvr)!),
    naesteUdbetaling: soonest,
    disclosure: { municipalities: answered, recordIds },
    validUntil,
  };
}

/** The municipalities whose coverage an answer reports: those asked for (default every connected one) and those answered. */
export function coverageScope(
  config: DisplayConfiguration,
  answered: readonly string[],
  kommuner?: readonly string[],
): string[] {
  return [...new Set([...(kommuner ?? connectedMunicipalities(config)), ...answered])].sort();
}

/**
 * The citizen's answer: the citizen's part (`buildCitizenPart`) and the coverage that makes "no case"
 * meaningful. `kommuner` narrows the coverage (default: every connected municipality); municipalities in
 * the answer are always covered.
 */
export function buildOverview(
  doc: CitizenOverviewDocument | null,
  ctx: DisplayContext,
  kommuner?: readonly string[],
): { response: OverviewResponse; disclosure: OverviewDisclosure; validUntil: string } {
  const part = buildCitizenPart(doc, ctx);
  const coverage = coverageScope(ctx.config, part.disclosure.municipalities, kommuner).flatMap((cvr) => {
    const c = coverageOf(ctx.config, cvr);
    return c ? [c] : [];
  });
  return {
    response: {
      version: OVERVIEW_VERSION,
      kommuner: part.kommuner,
      naesteUdbetaling: part.naesteUdbetaling,
      daekning: { tekst: COVERAGE_TEXT, kommuner: coverage },
    },
    disclosure: part.disclosure,
    validUntil: part.validUntil,
  };
}
