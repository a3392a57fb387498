import { MatchersV3 } from '@pact-foundation/pact';
import {
  AMOUNT_PATTERN,
  BETALINGSFREKVENSER,
  CVR_PATTERN,
  cprUrn,
  DOKUMENT_TILSTANDE,
  FOELSOMHEDER,
  FORUD_BAGUD,
  HANDLINGSFACET_PATTERN,
  KLE_EMNE_PATTERN,
  PARTY_URN_PATTERN,
  RFC4122_UUID_PATTERN,
  UDBETALERE,
} from '@overblik/domain';
import { CONTRACT_FAGSYSTEM, CONTRACT_KOMMUNE } from './delivery-handling';

const { boolean, equal, like, regex } = MatchersV3;

const oneOf = (values: readonly string[]): string =>
  `^(${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;

/**
 * What the delivery contract pins, as patterns taken from the delivery schema itself (libs/domain), so the
 * contract and the platform agree on what a UUID, a KLE emne or an amount is.
 */
export const DELIVERY_FORMATS = {
  uuid: RFC4122_UUID_PATTERN.source,
  cvr: CVR_PATTERN.source,
  partyUrn: PARTY_URN_PATTERN.source,
  kleEmne: KLE_EMNE_PATTERN.source,
  handlingsfacet: HANDLINGSFACET_PATTERN.source,
  amount: AMOUNT_PATTERN.source,
  date: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  instant: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$',
  foelsomhed: oneOf(FOELSOMHEDER),
  dokumentTilstand: oneOf(DOKUMENT_TILSTANDE),
  frekvens: oneOf(BETALINGSFREKVENSER),
  forudBagud: oneOf(FORUD_BAGUD),
  udbetaler: oneOf(UDBETALERE),
  orgUnitUrn: '^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\\S+$',
} as const;

/** A delivery (or a part of one) with Pact matchers in it; `MatchersV3.reify` gives its example. */
export type Template = Record<string, unknown>;

const uuid = (example: string) => regex(DELIVERY_FORMATS.uuid, example);
const instant = (example: string) => regex(DELIVERY_FORMATS.instant, example);
const date = (example: string) => regex(DELIVERY_FORMATS.date, example);
const amount = (example: string) => regex(DELIVERY_FORMATS.amount, example);
const kle = (example: string) => regex(DELIVERY_FORMATS.kleEmne, example);
const virkning = (fra: string) => ({ fra: instant(fra) });

/** The envelope every registration carries: kind (pinned), identity, source time, systems, owner. */
function envelope(objectType: string, o: { uuid: string; tidspunkt: string }): Template {
  return {
    objectType: equal(objectType),
    uuid: uuid(o.uuid),
    tidspunkt: instant(o.tidspunkt),
    itSystem: { master: like(CONTRACT_FAGSYSTEM.id), afsender: like(CONTRACT_FAGSYSTEM.id) },
    ejer: { cvr: regex(DELIVERY_FORMATS.cvr, CONTRACT_KOMMUNE.cvr) },
  };
}

const withSensitivity = (o: Template): Template => ({
  ...o,
  foelsomhed: regex(DELIVERY_FORMATS.foelsomhed, 'FORTROLIGE_PERSONOPLYSNINGER'),
});

/** A person party (a CPR URN; the example is the contract's synthetic citizen). */
export const personParty = (cpr: string, fra: string, navn = 'Test Borger'): Template => ({
  urn: regex(DELIVERY_FORMATS.partyUrn, cprUrn(cpr)),
  navn: like(navn),
  virkning: virkning(fra),
});
/** A company party (a CVR URN), e.g. the employer on a sygedagpenge case. */
export const companyParty = (cvr: string, navn: string, fra: string): Template => ({
  urn: regex(DELIVERY_FORMATS.partyUrn, `urn:oio:cvr-nr:${cvr}`),
  navn: like(navn),
  virkning: virkning(fra),
});

export interface SagSpec {
  uuid: string;
  tidspunkt: string;
  citizen: string;
  kle: string;
  titel: string;
  sagsnummer: string;
  /** The whole fremdrift history, oldest first (its states are pinned). */
  fremdrift: Array<{ tilstand: 'Opstaaet' | 'Oplyst' | 'Afgjort' | 'Afsluttet'; fra: string }>;
  afgoerelse?: { kode: 'FOR' | 'IMOD' | 'DELVIS' | 'ANNULLERET'; fra: string };
  journalposter?: Array<{ dokumentUuid: string; titel?: string }>;
  /** Visningsklasser (their codes are pinned). */
  visningsklasser?: Array<{ kode: string; fra: string }>;
  sekundaerParter?: Template[];
  ydelsesmodtager?: boolean;
  /** A caseworker (never shown to the citizen). */
  behandler?: string;
}

export function sag(s: SagSpec): Template {
  const opstaaet = s.fremdrift[0]!.fra;
  return {
    ...withSensitivity(envelope('sag', s)),
    ...(s.visningsklasser
      ? { visningsklasser: s.visningsklasser.map((v) => ({ kode: equal(v.kode), virkning: virkning(v.fra) })) }
      : {}),
    titel: like(s.titel),
    sagsnummer: like(s.sagsnummer),
    fremdrift: s.fremdrift.map((f) => ({ tilstand: equal(f.tilstand), virkning: virkning(f.fra) })),
    ansvarlig: {
      urn: regex(DELIVERY_FORMATS.orgUnitUrn, 'urn:oio:org-enhed:jobcenter-sygedagpenge'),
      virkning: virkning(opstaaet),
    },
    ...(s.behandler
      ? {
          primaerBehandler: {
            urn: regex(DELIVERY_FORMATS.orgUnitUrn, 'urn:oio:bruger:sagsbehandler-1'),
            navn: like(s.behandler),
            virkning: virkning(opstaaet),
          },
        }
      : {}),
    primaerPart: personParty(s.citizen, opstaaet),
    ...(s.sekundaerParter ? { sekundaerParter: s.sekundaerParter } : {}),
    ...(s.ydelsesmodtager ? { ydelsesmodtager: personParty(s.citizen, opstaaet) } : {}),
    primaerKlasse: { kle: kle(s.kle), virkning: virkning(opstaaet) },
    handlingsklasse: { facet: regex(DELIVERY_FORMATS.handlingsfacet, 'G01'), virkning: virkning(opstaaet) },
    ...(s.afgoerelse
      ? { afgoerelsesklasse: { kode: equal(s.afgoerelse.kode), virkning: virkning(s.afgoerelse.fra) } }
      : {}),
    ...(s.journalposter
      ? {
          journalposter: s.journalposter.map((jp) => ({
            dokumentUuid: uuid(jp.dokumentUuid),
            ...(jp.titel ? { titel: like(jp.titel) } : {}),
          })),
        }
      : {}),
  };
}

export interface DokumentSpec {
  uuid: string;
  tidspunkt: string;
  citizen: string;
  titel: string;
  /** Pinned: the document type decides the rules (brevdato) and whether its title is shown. */
  dokumenttype: 'Brev, indgaaende' | 'Brev, udgaaende';
  tilstand: 'Modtaget' | 'Endeligt';
  brevdato?: string;
  visningsklasser?: Array<{ kode: string; fra: string }>;
}

export function dokument(d: DokumentSpec): Template {
  return {
    ...withSensitivity(envelope('dokument', d)),
    ...(d.visningsklasser
      ? { visningsklasser: d.visningsklasser.map((v) => ({ kode: equal(v.kode), virkning: virkning(v.fra) })) }
      : {}),
    titel: like(d.titel),
    dokumenttype: equal(d.dokumenttype),
    ...(d.brevdato ? { brevdato: date(d.brevdato) } : {}),
    tilstand: regex(DELIVERY_FORMATS.dokumentTilstand, d.tilstand),
    parter: [personParty(d.citizen, `${d.brevdato ?? d.tidspunkt.slice(0, 10)}T08:00:00Z`)],
  };
}

export interface YdelseSpec {
  id: string;
  navn: string;
  kle: string;
  startdato: string;
  slutdato?: string;
  tilbagebetalingspligtig: boolean;
  betalingsplan?: {
    frekvens: 'MAANED' | 'UGE' | '14DAGE' | 'KVARTAL' | 'AAR' | 'ENGANG';
    forudBagud: 'FORUD' | 'BAGUD';
    dispositionsdagTekst: string;
    beloeb: string;
  };
}

export interface BevillingSpec {
  uuid: string;
  tidspunkt: string;
  citizen: string;
  sagUuid: string;
  startdato: string;
  begrundelse: string;
  ydelser: YdelseSpec[];
}

export function bevilling(b: BevillingSpec): Template {
  return {
    ...withSensitivity(envelope('bevilling', b)),
    sagUuid: uuid(b.sagUuid),
    part: personParty(b.citizen, `${b.startdato}T00:00:00Z`),
    startdato: date(b.startdato),
    begrundelse: like(b.begrundelse),
    ydelser: b.ydelser.map((y) => ({
      id: like(y.id),
      navn: like(y.navn),
      startdato: date(y.startdato),
      ...(y.slutdato ? { slutdato: date(y.slutdato) } : {}),
      kle: kle(y.kle),
      tilbagebetalingspligtig: boolean(y.tilbagebetalingspligtig),
      ...(y.betalingsplan
        ? {
            betalingsplan: {
              frekvens: regex(DELIVERY_FORMATS.frekvens, y.betalingsplan.frekvens),
              forudBagud: regex(DELIVERY_FORMATS.forudBagud, y.betalingsplan.forudBagud),
              dispositionsdagTekst: like(y.betalingsplan.dispositionsdagTekst),
              beloeb: amount(y.betalingsplan.beloeb),
            },
          }
        : {}),
    })),
    udbetaler: regex(DELIVERY_FORMATS.udbetaler, 'KOMMUNE'),
  };
}

export interface EffektueringSpec {
  uuid: string;
  tidspunkt: string;
  citizen: string;
  periodeStart: string;
  periodeSlut: string;
  dispositionsdato: string;
  bruttobeloeb: string;
  beloebEfterSkat: string;
  beloebTilUdbetaling: string;
  udbetaltBeloeb: string;
  /** Texts that explain a difference (set-off, correction): at least one when given. */
  forklaringer?: string[];
  linjer: Array<{
    bevillingUuid: string;
    ydelseId: string;
    periodeStart: string;
    periodeSlut: string;
    beloeb: string;
    kle: string;
  }>;
}

export function effektuering(e: EffektueringSpec): Template {
  return {
    ...withSensitivity(envelope('effektuering', e)),
    part: personParty(e.citizen, `${e.periodeStart}T00:00:00Z`),
    periodeStart: date(e.periodeStart),
    periodeSlut: date(e.periodeSlut),
    dispositionsdato: date(e.dispositionsdato),
    bruttobeloeb: amount(e.bruttobeloeb),
    beloebEfterSkat: amount(e.beloebEfterSkat),
    beloebTilUdbetaling: amount(e.beloebTilUdbetaling),
    udbetaltBeloeb: amount(e.udbetaltBeloeb),
    ...(e.forklaringer ? { forklaringer: e.forklaringer.map((f) => like(f)) } : {}),
    udbetalendeEnhed: like('Testby Kommune, Ydelsesservice'),
    linjer: e.linjer.map((l) => ({
      bevillingUuid: uuid(l.bevillingUuid),
      ydelseId: like(l.ydelseId),
      periodeStart: date(l.periodeStart),
      periodeSlut: date(l.periodeSlut),
      beloeb: amount(l.beloeb),
      kle: kle(l.kle),
    })),
  };
}

/** An import or update of an object (the operation is pinned). */
export const upsert = (operation: 'import' | 'update', object: Template): Template => ({
  operation: equal(operation),
  object,
});

/** A physical removal: only the envelope is sent. */
export const removal = (objectType: string, o: { uuid: string; tidspunkt: string }): Template => ({
  operation: equal('remove'),
  object: envelope(objectType, o),
});
