/**
 * The answer of the overview API (POST /v1/overview): what "Mit Overblik" shows one citizen, grouped per
 * municipality, with the coverage that makes "no case" meaningful. Field names are Danish, like the
 * index objects; every text a citizen reads is Danish.
 */

export const OVERVIEW_VERSION = 1 as const;

/** Who handles or pays: the municipality itself or Udbetaling Danmark. */
export interface Handler {
  type: 'KOMMUNE' | 'UDBETALING_DANMARK';
  navn: string;
}

export interface KleRef {
  nummer: string;
  titel: string;
}

export interface StatusValue {
  /** National value list: 1 Oprettet, 2 Behandles, 3 Afgjort, 4 Afsluttet, 5 Afvist. */
  kode: 1 | 2 | 3 | 4 | 5;
  tekst: string;
}

export interface Kontaktpunkt {
  type: 'DIGITAL_POST' | 'TELEFON' | 'EMAIL' | 'HJEMMESIDE' | 'FYSISK';
  /** What the citizen reads as the kind of contact, e.g. "Telefon". */
  typeTekst: string;
  vaerdi: string;
  tekst: string | null;
}

export interface OverviewDokument {
  id: string;
  titel: string;
  type: string;
  /** Letter date (YYYY-MM-DD) where the source has one. */
  dato: string | null;
}

export interface OverviewSag {
  id: string;
  /** Citizen-facing title: the KLE emne title, or the case's own title where the municipality chose that. */
  titel: string;
  kle: KleRef;
  sagsnummer: string;
  status: StatusValue;
  statusforloeb: Array<StatusValue & { fra: string }>;
  oprettet: string;
  afgjort: string | null;
  afsluttet: string | null;
  behandlesAf: Handler;
  /** Present only where the municipality shows document titles for this KLE emne. */
  dokumenter: OverviewDokument[];
  selvbetjeningslink: string | null;
  borgerDkArtikel: string | null;
  kontaktpunkter: Kontaktpunkt[];
}

export interface OverviewBetalingsplan {
  frekvens: string;
  forudBagud: string;
  dispositionsdagTekst: string | null;
  beloeb: string;
}

export interface OverviewBevilgetYdelse {
  id: string;
  navn: string;
  kle: KleRef;
  startdato: string;
  slutdato: string | null;
  tilbagebetalingspligtig: boolean;
  betalingsplan: OverviewBetalingsplan | null;
}

export interface NaesteUdbetaling {
  /** Expected disposal date (YYYY-MM-DD), derived from the payment plan and the last payment. */
  dato: string;
  beloeb: string;
  bevillingId: string;
  ydelseId: string;
  ydelse: string;
  udbetaler: Handler;
}

export interface OverviewBevilling {
  id: string;
  sagId: string;
  startdato: string;
  slutdato: string | null;
  udbetaler: Handler;
  ydelser: OverviewBevilgetYdelse[];
  naesteUdbetaling: NaesteUdbetaling | null;
}

export interface OverviewUdbetaling {
  id: string;
  bevillingIds: string[];
  periodeStart: string;
  periodeSlut: string;
  dispositionsdato: string;
  bruttobeloeb: string;
  beloebEfterSkat: string;
  beloebTilUdbetaling: string;
  udbetaltBeloeb: string;
  forklaringer: string[];
  udbetaler: Handler;
  linjer: Array<{
    bevillingId: string;
    ydelseId: string;
    periodeStart: string;
    periodeSlut: string;
    beloeb: string;
    kle: KleRef;
  }>;
}

export interface OverviewKommune {
  cvr: string;
  navn: string;
  sager: OverviewSag[];
  ydelser: { bevillinger: OverviewBevilling[]; udbetalinger: OverviewUdbetaling[] };
}

export interface CoverageKommune {
  cvr: string;
  navn: string;
  fagsystemer: Array<{ id: string; navn: string }>;
  /** Per opened KLE emne: its fra-dato, the active-case override, and the fagsystems whose records it shows. */
  emner: Array<{ kle: KleRef; fraDato: string; aktiveSagerFoerFraDato: boolean; fagsystemer: string[] }>;
}

export interface OverviewResponse {
  version: typeof OVERVIEW_VERSION;
  kommuner: OverviewKommune[];
  /** The soonest expected payment across all grants shown, or null. */
  naesteUdbetaling: NaesteUdbetaling | null;
  daekning: {
    /** Danish explanation for the citizen of what the answer covers. */
    tekst: string;
    kommuner: CoverageKommune[];
  };
}

/** The request body. The CPR number travels only here (never in a URL, header or log line). */
export interface OverviewRequest {
  cpr: string;
  /** Stated purpose of the call, recorded in the access log (e.g. "MIT_OVERBLIK"). */
  formaal: string;
  /** Optional: the municipalities to report coverage for (e.g. where the citizen lives); default all connected. */
  kommuner?: string[];
}
