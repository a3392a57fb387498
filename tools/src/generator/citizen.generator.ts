import {
  aSyntheticCpr,
  cprUrn,
  type Bevilling,
  type BevilgetYdelse,
  type Dokument,
  type Effektuering,
  type Journalpost,
  type Party,
  type Sag,
  UNDTAGET_FOR_BORGER,
  type UpsertDeliveryItem,
} from '@overblik/domain';
import { applyDirt, dirtKindsFor, type DirtyMark } from './dirty-data';
import { NATIONAL_MUNICIPALITIES, type NationalMunicipality } from './national-reference';
import { mixSeed, Prng, WeightedTable } from './prng';
import { DOKUMENT_TITLER, FIRST_NAMES, KILDE_STATUS, LAST_NAMES, SAG_TITLER, YDELSE_NAVNE } from './synthetic-text';

/**
 * Synthetic citizens with their municipal cases, documents, grants and payments, as delivery items
 * exactly as vendors send them. Each citizen is made from its own PRNG stream (seed, index), so any
 * slice of citizens can be made alone, in any order, and the same seed always gives the same bytes.
 */
export interface GeneratorOptions {
  seed: number;
  /** Share of objects made dirty on purpose (0–1). Dirt has its own PRNG stream: clean data does not change with it. */
  dirtyShare: number;
  /** The day the data is "as of" (YYYY-MM-DD): no event happens after it. Fixed, never the clock. */
  asOf: string;
  /** Where citizens live (weighted); default all 98 municipalities. */
  municipalities?: readonly NationalMunicipality[];
}

export const DEFAULT_AS_OF = '2026-11-01';

export interface GeneratedItem {
  /** The fagsystem that delivers it (master and sender). */
  fagsystem: string;
  /** An import item; its shape breaks the rules on purpose when `dirty` says it is rejected. */
  item: UpsertDeliveryItem;
  dirty?: DirtyMark;
}

export interface GeneratedCitizen {
  index: number;
  /** Synthetic CPR number (born 2040–2057: nobody's real number). Never print it. */
  cpr: string;
  municipalityCvr: string;
  items: GeneratedItem[];
}

const DAY_MS = 86_400_000;
const FIRST_CASE_DAY = Date.UTC(2019, 0, 1) / DAY_MS;
/** aSyntheticCpr gives distinct numbers for seeds below this. */
const CPR_SEED_SPACE = 26_300_000;
/** The most citizens one seed can make (the rest of the number space shifts with the seed). */
export const MAX_CITIZENS = 20_000_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const isoTime = (day: number, minuteOfDay: number): string =>
  `${isoDate(day)}T${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}:00Z`;
const dayOf = (isoDay: string): number => Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS;

/** Øre (whole number) as a decimal string with two decimals. */
export function kroner(oere: number): string {
  const sign = oere < 0 ? '-' : '';
  const abs = Math.abs(Math.round(oere));
  return `${sign}${Math.floor(abs / 100)}.${pad2(abs % 100)}`;
}

const tables = new WeakMap<readonly NationalMunicipality[], WeightedTable<NationalMunicipality>>();
function municipalityTable(list: readonly NationalMunicipality[]): WeightedTable<NationalMunicipality> {
  let table = tables.get(list);
  if (!table) tables.set(list, (table = new WeightedTable(list.map((m) => [m, m.weight] as const))));
  return table;
}

/** Case emner and how often they occur; benefit emner (32.x) carry grants and payments. */
const SAG_KLE = new WeightedTable<string>([
  ['15.17.06', 25],
  ['15.17.12', 5],
  ['15.17.22', 6],
  ['15.17.26', 7],
  ['15.20.24', 7],
  ['32.30.04', 14],
  ['32.24.04', 14],
  ['32.24.08', 3],
  ['32.24.12', 4],
  ['32.24.28', 4],
  ['32.27.10', 4],
  ['32.21.12', 7],
]);

/** Monthly amount in øre (and tax share) of each benefit emne. */
const BENEFIT: Readonly<Record<string, { monthly: [number, number]; taxed: boolean; once?: boolean }>> = {
  '32.30.04': { monthly: [1_400_000, 2_100_000], taxed: true },
  '32.24.04': { monthly: [700_000, 1_600_000], taxed: true },
  '32.24.08': { monthly: [1_500_000, 2_000_000], taxed: true },
  '32.24.12': { monthly: [1_500_000, 1_900_000], taxed: true },
  '32.24.28': { monthly: [1_100_000, 1_600_000], taxed: true },
  '32.27.10': { monthly: [300_000, 1_200_000], taxed: true },
  '32.21.12': { monthly: [50_000, 800_000], taxed: false, once: true },
};

const DOKUMENTTYPE = new WeightedTable<Dokument['dokumenttype']>([
  ['Brev, udgaaende', 40],
  ['Brev, indgaaende', 25],
  ['Internt Notat', 10],
  ['Eksternt Notat', 5],
  ['Plan', 10],
  ['Rapport', 5],
  ['Andet', 5],
]);

interface Context {
  rng: Prng;
  dirt: Prng;
  dirtyShare: number;
  asOfDay: number;
  party: Party;
  out: GeneratedItem[];
  /**
   * Documents made so far, per municipality and fagsystem: a later case of the same two may also hold one
   * (a document on several cases); another's never does (SAG-JOURNALPOST-FOREIGN-DOKUMENT).
   */
  docsBySystem: Map<string, string[]>;
}

function envelope(ctx: Context, m: NationalMunicipality, fagsystem: string, foelsomhed: Sag['foelsomhed']) {
  return {
    uuid: ctx.rng.uuid(),
    itSystem: { master: fagsystem, afsender: fagsystem },
    ejer: { cvr: m.cvr },
    foelsomhed,
  };
}

function emit(ctx: Context, fagsystem: string, object: UpsertDeliveryItem['object']): void {
  const item: UpsertDeliveryItem = { operation: 'import', object };
  const kinds = dirtKindsFor(item);
  if (ctx.dirtyShare > 0 && kinds.length && ctx.dirt.chance(ctx.dirtyShare)) {
    const kind = ctx.dirt.pick(kinds);
    const dirtyCpr = aSyntheticCpr(ctx.dirt.int(0, CPR_SEED_SPACE - 1));
    const { item: dirty, mark } = applyDirt(item, kind, { dirtyCpr, pick: (n) => ctx.dirt.int(0, n - 1) });
    ctx.out.push({ fagsystem, item: dirty, dirty: mark });
    return;
  }
  ctx.out.push({ fagsystem, item });
}

/** Monthly payments of one granted benefit, BAGUD: at disposal on the last day of each period. */
function payments(
  ctx: Context,
  m: NationalMunicipality,
  fagsystem: string,
  bevilling: Bevilling,
  ydelse: BevilgetYdelse,
  monthlyOere: number,
  taxed: boolean,
): void {
  const start = dayOf(ydelse.startdato);
  const end = ydelse.slutdato ? dayOf(ydelse.slutdato) : ctx.asOfDay;
  const once = ydelse.betalingsplan?.frekvens === 'ENGANG';
  let periodStart = start;
  while (periodStart <= end) {
    const d = new Date(periodStart * DAY_MS);
    const monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY_MS;
    const periodEnd = once ? periodStart : Math.min(monthEnd, end);
    const disposal = once ? periodStart + ctx.rng.int(3, 10) : periodEnd;
    if (disposal > ctx.asOfDay) break;
    const daysInMonth = monthEnd - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS + 1;
    const brutto = once ? monthlyOere : Math.round((monthlyOere * (periodEnd - periodStart + 1)) / daysInMonth);
    const afterTax = taxed ? Math.round(brutto * (1 - ctx.rng.int(30, 42) / 100)) : brutto;
    const forklaringer: string[] = [];
    let paid = afterTax;
    if (ctx.rng.chance(0.04)) {
      const setOff = Math.min(afterTax, ctx.rng.int(20, 200) * 1000);
      paid = afterTax - setOff;
      forklaringer.push(
        ctx.rng.pick([
          `Modregning af tilbagebetalingskrav: ${kroner(setOff)} kr.`,
          `Modregning af for meget udbetalt hjælp: ${kroner(setOff)} kr.`,
          `Modregning af gæld til det offentlige: ${kroner(setOff)} kr.`,
        ]),
      );
    }
    const linje = {
      bevillingUuid: bevilling.uuid,
      ydelseId: ydelse.id,
      periodeStart: isoDate(periodStart),
      periodeSlut: isoDate(periodEnd),
      beloeb: kroner(brutto),
      kle: ydelse.kle,
    };
    const effektuering: Effektuering = {
      objectType: 'effektuering',
      ...envelope(ctx, m, fagsystem, bevilling.foelsomhed),
      tidspunkt: isoTime(Math.max(disposal - 2, periodStart), 6 * 60 + ctx.rng.int(0, 59)),
      part: ctx.party,
      periodeStart: linje.periodeStart,
      periodeSlut: linje.periodeSlut,
      dispositionsdato: isoDate(disposal),
      bruttobeloeb: linje.beloeb,
      beloebEfterSkat: kroner(afterTax),
      beloebTilUdbetaling: kroner(afterTax),
      udbetaltBeloeb: kroner(paid),
      ...(forklaringer.length ? { forklaringer } : {}),
      udbetalendeEnhed: `${m.name}, Ydelsesservice`,
      linjer: [linje],
    };
    emit(ctx, fagsystem, effektuering);
    // a correction now and then: a later payment for the same period (efterregulering, up or down)
    if (!once && ctx.rng.chance(0.02) && disposal + 20 <= ctx.asOfDay) {
      const delta = ctx.rng.chance(0.5) ? ctx.rng.int(100, 2000) * 100 : -ctx.rng.int(100, 1500) * 100;
      const deltaAfterTax = taxed ? Math.round(delta * 0.62) : delta;
      const correctionDay = disposal + ctx.rng.int(10, 20);
      emit(ctx, fagsystem, {
        objectType: 'effektuering',
        ...envelope(ctx, m, fagsystem, bevilling.foelsomhed),
        tidspunkt: isoTime(correctionDay - 1, 6 * 60 + ctx.rng.int(0, 59)),
        part: ctx.party,
        periodeStart: linje.periodeStart,
        periodeSlut: linje.periodeSlut,
        dispositionsdato: isoDate(correctionDay),
        bruttobeloeb: kroner(delta),
        beloebEfterSkat: kroner(deltaAfterTax),
        beloebTilUdbetaling: kroner(Math.max(deltaAfterTax, 0)),
        udbetaltBeloeb: kroner(Math.max(deltaAfterTax, 0)),
        forklaringer: [
          delta > 0
            ? 'Efterregulering: efterbetaling for perioden'
            : 'Korrektion: for meget udbetalt i perioden, trækkes i senere udbetaling',
        ],
        udbetalendeEnhed: `${m.name}, Ydelsesservice`,
        linjer: [{ ...linje, beloeb: kroner(delta) }],
      });
    }
    if (once) break;
    periodStart = periodEnd + 1;
  }
}

function oneCase(ctx: Context, m: NationalMunicipality): void {
  const { rng } = ctx;
  const kle = SAG_KLE.pick(rng);
  const benefit = BENEFIT[kle];
  const fagsystem = rng.chance(benefit ? 0.85 : 0.7) ? m.systems.JOBCENTER : m.systems.ESDH;
  const opened = rng.int(FIRST_CASE_DAY, ctx.asOfDay - 1);
  const minute = (): number => rng.int(8 * 60, 15 * 60 + 59);

  // fremdrift: Opstaaet, then Oplyst, Afgjort and Afsluttet as far as time has passed
  const events: Array<{ tilstand: Sag['fremdrift'][number]['tilstand']; day: number }> = [
    { tilstand: 'Opstaaet', day: opened },
  ];
  const oplyst = opened + rng.int(2, 30);
  const afgjort = oplyst + rng.int(3, 60);
  let grantEnd: number | undefined;
  if (oplyst <= ctx.asOfDay) events.push({ tilstand: 'Oplyst', day: oplyst });
  if (afgjort <= ctx.asOfDay) events.push({ tilstand: 'Afgjort', day: afgjort });
  const rejected = afgjort <= ctx.asOfDay && rng.chance(0.12);
  if (benefit && afgjort <= ctx.asOfDay && !rejected) {
    const months = benefit.once ? 0 : rng.int(1, 24);
    const end = afgjort + Math.round(months * 30.4);
    grantEnd = benefit.once ? afgjort + 10 : end;
  }
  const closeAfter = grantEnd ?? afgjort + rng.int(5, 300);
  const afsluttet = closeAfter + rng.int(5, 40);
  if (afgjort <= ctx.asOfDay && afsluttet <= ctx.asOfDay && (grantEnd !== undefined || rng.chance(0.8))) {
    events.push({ tilstand: 'Afsluttet', day: afsluttet });
  }
  const times = events.map((e) => ({ ...e, at: isoTime(e.day, minute()) }));
  const fremdrift: Sag['fremdrift'] = times.map((e, i) => {
    const next = times[i + 1];
    return {
      tilstand: e.tilstand,
      virkning: next ? { fra: e.at, til: next.at, aktoerType: 'ItSystem' } : { fra: e.at, aktoerType: 'ItSystem' },
    };
  });
  const first = times[0];
  const last = times[times.length - 1];
  if (!first || !last) throw new Error('a fremdrift history always has Opstaaet');
  const openedAt = first.at;
  const virkning = { fra: openedAt };
  const foelsomhed: Sag['foelsomhed'] =
    kle === '15.17.06' || kle === '32.30.04'
      ? 'FOELSOMME_PERSONOPLYSNINGER'
      : rng.chance(0.02)
        ? 'VIP_SAGER'
        : 'FORTROLIGE_PERSONOPLYSNINGER';

  // documents: new ones on this case, now and then one already on an earlier case of the same system
  const journalposter: Journalpost[] = [];
  const docCount = rng.int(0, 4);
  const shelf = `${m.cvr}/${fagsystem}`;
  const known = ctx.docsBySystem.get(shelf) ?? [];
  if (known.length && rng.chance(0.1)) journalposter.push({ dokumentUuid: rng.pick(known) });
  for (let d = 0; d < docCount; d++) {
    const dokumenttype = DOKUMENTTYPE.pick(rng);
    const day = Math.min(ctx.asOfDay, opened + rng.int(0, Math.max(0, last.day - opened)));
    const titel = `${rng.pick(DOKUMENT_TITLER[dokumenttype] ?? ['Bilag'])} – ${YDELSE_NAVNE[kle] ?? SAG_TITLER[kle]?.[0] ?? 'sag'}`;
    const dokument: Dokument = {
      objectType: 'dokument',
      ...envelope(ctx, m, fagsystem, foelsomhed),
      tidspunkt: isoTime(day, minute()),
      titel,
      dokumenttype,
      ...(dokumenttype.startsWith('Brev') ? { brevdato: isoDate(day) } : {}),
      tilstand: dokumenttype === 'Brev, indgaaende' ? 'Modtaget' : rng.chance(0.9) ? 'Endeligt' : 'Under udarbejdelse',
      parter: [ctx.party],
      ...(rng.chance(0.01)
        ? { visningsklasser: [{ kode: UNDTAGET_FOR_BORGER, virkning: { fra: isoTime(day, 0) } }] }
        : {}),
    };
    emit(ctx, fagsystem, dokument);
    known.push(dokument.uuid);
    journalposter.push(
      rng.chance(0.15) ? { dokumentUuid: dokument.uuid, titel: `${titel} (kopi)` } : { dokumentUuid: dokument.uuid },
    );
  }
  ctx.docsBySystem.set(shelf, known);
  if (rng.chance(0.05))
    journalposter.push({
      notat: { titel: 'Journalnotat', tekst: 'Telefonisk kontakt med borgeren om sagens forløb.' },
    });

  const sag: Sag = {
    objectType: 'sag',
    ...envelope(ctx, m, fagsystem, foelsomhed),
    tidspunkt: isoTime(last.day, Math.min(23 * 60 + 59, 16 * 60 + rng.int(0, 120))),
    titel: rng.pick(SAG_TITLER[kle] ?? ['Sag']),
    sagsnummer: `${isoDate(opened).slice(0, 4)}-${kle}-${String(rng.int(1, 999_999)).padStart(6, '0')}`,
    kildeStatus: KILDE_STATUS[last.tilstand],
    fremdrift,
    ansvarlig: { urn: `urn:oio:org-enhed:${m.cvr}-${benefit ? 'ydelse' : 'jobcenter'}`, virkning },
    ...(rng.chance(0.7) ? { primaerBehandler: { urn: `urn:oio:bruger:${rng.uuid()}`, virkning } } : {}),
    primaerPart: ctx.party,
    primaerKlasse: { kle, virkning },
    handlingsklasse: { facet: 'G01', virkning },
    ...(afgjort <= ctx.asOfDay
      ? {
          afgoerelsesklasse: {
            kode: rejected ? 'IMOD' : rng.chance(0.1) ? 'DELVIS' : 'FOR',
            virkning: { fra: isoTime(afgjort, 12 * 60) },
          },
        }
      : {}),
    ...(rng.chance(0.01) ? { visningsklasser: [{ kode: UNDTAGET_FOR_BORGER, virkning }] } : {}),
    ...(journalposter.length ? { journalposter } : {}),
  };
  emit(ctx, fagsystem, sag);

  if (!benefit || grantEnd === undefined) return;
  const start = afgjort + rng.int(0, 5);
  if (start > ctx.asOfDay) return;
  const slut = grantEnd > ctx.asOfDay && rng.chance(0.7) ? undefined : grantEnd;
  const monthly = rng.int(benefit.monthly[0] / 100, benefit.monthly[1] / 100) * 100;
  const ydelser: BevilgetYdelse[] = [
    {
      id: 'Y1',
      navn: YDELSE_NAVNE[kle] ?? 'Ydelse',
      startdato: isoDate(start),
      ...(slut !== undefined ? { slutdato: isoDate(slut) } : {}),
      kle,
      tilbagebetalingspligtig: kle === '32.21.12' ? rng.chance(0.5) : false,
      betalingsplan: {
        frekvens: benefit.once ? 'ENGANG' : 'MAANED',
        forudBagud: 'BAGUD',
        ...(benefit.once ? {} : { dispositionsdagTekst: 'Sidste bankdag i måneden' }),
        beloeb: kroner(monthly),
      },
    },
  ];
  const extra = kle === '32.24.04' && rng.chance(0.1) ? rng.int(500, 5000) * 100 : 0;
  if (extra) {
    ydelser.push({
      id: 'Y2',
      navn: YDELSE_NAVNE['32.21.12'] ?? 'Hjælp til enkeltudgifter',
      startdato: isoDate(Math.min(start + rng.int(10, 40), ctx.asOfDay)),
      kle: '32.21.12',
      tilbagebetalingspligtig: rng.chance(0.5),
      betalingsplan: { frekvens: 'ENGANG', forudBagud: 'BAGUD', beloeb: kroner(extra) },
    });
  }
  const bevilling: Bevilling = {
    objectType: 'bevilling',
    ...envelope(ctx, m, fagsystem, foelsomhed),
    tidspunkt: isoTime(afgjort, minute()),
    sagUuid: sag.uuid,
    part: ctx.party,
    startdato: isoDate(start),
    ...(slut !== undefined ? { slutdato: isoDate(slut) } : {}),
    begrundelse: 'Betingelserne for hjælp er opfyldt.',
    ydelser,
    udbetaler: rng.chance(0.03) ? 'UDBETALING_DANMARK' : 'KOMMUNE',
  };
  emit(ctx, fagsystem, bevilling);
  const [main] = ydelser;
  if (main) payments(ctx, m, fagsystem, bevilling, main, monthly, benefit.taxed);
  if (extra && ydelser[1]) payments(ctx, m, fagsystem, bevilling, ydelser[1], extra, false);
}

/** Number of cases of a citizen: 1 + Binomial(8, ½), mean 5. */
function caseCount(rng: Prng): number {
  let n = 1;
  for (let i = 0; i < 8; i++) if (rng.uint32() & 1) n++;
  return n;
}

/** The synthetic CPR number of citizen `index` under `seed` (distinct for distinct indexes). */
export function citizenCpr(seed: number, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_CITIZENS)
    throw new RangeError(`citizen index must be 0–${MAX_CITIZENS - 1}`);
  // the seed shifts the whole population along the synthetic number space; indexes never collide
  return aSyntheticCpr(index + (mixSeed(seed, 0xc0ffee) % (CPR_SEED_SPACE - MAX_CITIZENS)));
}

/** One citizen with everything the municipalities' systems hold about them. */
export function generateCitizen(index: number, options: GeneratorOptions): GeneratedCitizen {
  const rng = new Prng(mixSeed(options.seed, index, 1));
  const dirt = new Prng(mixSeed(options.seed, index, 2));
  const cpr = citizenCpr(options.seed, index);
  const table = municipalityTable(options.municipalities ?? NATIONAL_MUNICIPALITIES);
  const home = table.pick(rng);
  const party: Party = {
    urn: cprUrn(cpr),
    navn: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    virkning: { fra: '2019-01-01T00:00:00Z' },
  };
  const ctx: Context = {
    rng,
    dirt,
    dirtyShare: options.dirtyShare,
    asOfDay: dayOf(options.asOf),
    party,
    out: [],
    docsBySystem: new Map(),
  };
  const cases = caseCount(rng);
  // one citizen in twenty also has a case in a municipality they lived in before
  const previous = rng.chance(0.05) ? table.pick(rng) : undefined;
  for (let c = 0; c < cases; c++) oneCase(ctx, previous && c === 0 ? previous : home);
  return { index, cpr, municipalityCvr: home.cvr, items: ctx.out };
}

/** Citizens [from, to) one at a time: nothing is held beyond the current one. */
export function* generateCitizens(from: number, to: number, options: GeneratorOptions): Generator<GeneratedCitizen> {
  for (let i = from; i < to; i++) yield generateCitizen(i, options);
}
