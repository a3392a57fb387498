/** Length limits of the index objects (SF1470 / Ydelsesindeks), in characters unless noted. */
export const MAX_SAGSNUMMER_LENGTH = 50;
/** Titles, names, free-text source status, identifiers and other short texts. */
export const MAX_TITEL_LENGTH = 255;
/** Medium texts: alternative (real) title, justification of a grant, explanations on a payment. */
export const MAX_TEXT_LENGTH = 1024;
export const MAX_BESKRIVELSE_LENGTH = 4096;
/** A journal note's text, in UTF-8 bytes (100 KB). */
export const MAX_NOTAT_BYTES = 100 * 1024;
/** An amount string (far more digits than any real amount; bounds the work of parsing one). */
export const MAX_AMOUNT_LENGTH = 40;

export const OBJECT_TYPES = ['sag', 'dokument', 'bevilling', 'effektuering'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** Sensitivity, in increasing order. It scopes caseworker access, not a citizen's own data. */
export const FOELSOMHEDER = [
  'IKKE_FORTROLIGE_DATA',
  'FORTROLIGE_PERSONOPLYSNINGER',
  'FOELSOMME_PERSONOPLYSNINGER',
  'VIP_SAGER',
] as const;

export const AKTOER_TYPER = ['Bruger', 'ItSystem'] as const;

export const DOKUMENTTYPER = [
  'Brev, indgaaende',
  'Brev, udgaaende',
  'Internt Notat',
  'Eksternt Notat',
  'Faktura',
  'Rapport',
  'Dagsorden',
  'Plan',
  'Andet',
] as const;

export const DOKUMENT_TILSTANDE = ['Modtaget', 'Under udarbejdelse', 'Endeligt'] as const;

export const BETALINGSFREKVENSER = ['MAANED', 'UGE', '14DAGE', 'KVARTAL', 'AAR', 'ENGANG'] as const;

export const FORUD_BAGUD = ['FORUD', 'BAGUD'] as const;

export const UDBETALERE = ['KOMMUNE', 'UDBETALING_DANMARK'] as const;

/** Field names that hold decimal-string amounts (a JSON number there is reported as AMOUNT-DECIMAL). */
export const AMOUNT_FIELDS: ReadonlySet<string> = new Set([
  'beloeb',
  'bruttobeloeb',
  'beloebEfterSkat',
  'beloebTilUdbetaling',
  'udbetaltBeloeb',
]);
