/**
 * KLE numbers (KL Emnesystematik).
 *
 * - hovedgruppe: `NN`        e.g. `32`        (main group)
 * - gruppe:      `NN.NN`     e.g. `32.24`     (group)
 * - emne:        `NN.NN.NN`  e.g. `32.24.04`  (subject — what a case is about)
 * - handlingsfacet: category letter + two digits, e.g. `G01` (what is done in the case)
 *
 * Canonical form is the one KL publishes in the XML (`32.24.04`, `G01`). Sources such as spreadsheets
 * write numbers with spaces and trailing dots (`15. 00.`); `normalizeKleNumber` turns those into the
 * canonical form, and every other function here accepts anything `normalizeKleNumber` accepts.
 */

export const KLE_LEVELS = ['hovedgruppe', 'gruppe', 'emne', 'handlingsfacet'] as const;
export type KleLevel = (typeof KLE_LEVELS)[number];

/** Categories of handlingsfacetter, as the leading letter of the facet number. */
export const HANDLINGSFACET_CATEGORIES = ['A', 'P', 'S', 'Ø', 'G', 'K', 'I'] as const;
export type HandlingsfacetCategory = (typeof HANDLINGSFACET_CATEGORIES)[number];

const HOVEDGRUPPE = /^\d{2}$/;
const GRUPPE = /^\d{2}\.\d{2}$/;
const EMNE = /^\d{2}\.\d{2}\.\d{2}$/;
const HANDLINGSFACET = /^[APSØGKI]\d{2}$/u;

/** Digits with optional spaces and dots between the (one to three) two-digit segments. */
const LOOSE_NUMERIC = /^(\d{2})(?:\s*\.\s*(\d{2}))?(?:\s*\.\s*(\d{2}))?\s*\.?$/;
const LOOSE_FACET = /^([A-ZÆØÅ])\s*(\d{2})\s*\.?$/u;

/** True when `value` is already a canonical KLE number of any level. */
export function isKleNumber(value: string): boolean {
  return canonicalLevel(value) !== undefined;
}

export function isHovedgruppeNr(value: string): boolean {
  return HOVEDGRUPPE.test(value);
}

export function isGruppeNr(value: string): boolean {
  return GRUPPE.test(value);
}

export function isEmneNr(value: string): boolean {
  return EMNE.test(value);
}

export function isHandlingsfacetNr(value: string): boolean {
  return HANDLINGSFACET.test(value);
}

/**
 * Canonical form of a KLE number written loosely: trims, removes spaces around and inside the
 * segments (`15. 00.` → `15.00`), drops a trailing dot (`32.24.04.` → `32.24.04`) and upper-cases a
 * handlingsfacet letter (`g01` → `G01`). Returns undefined when the value is no KLE number at all —
 * single-digit segments (`4.`) are not padded, because such values in real data are usually typos
 * (`4. Uddannelse` where `54` is meant), not abbreviations.
 */
export function normalizeKleNumber(value: string): string | undefined {
  const trimmed = value.trim();
  const numeric = LOOSE_NUMERIC.exec(trimmed);
  if (numeric) {
    return [numeric[1], numeric[2], numeric[3]].filter((part): part is string => part !== undefined).join('.');
  }
  const facet = LOOSE_FACET.exec(trimmed.toLocaleUpperCase('da-DK'));
  if (facet && isHandlingsfacetCategory(facet[1])) {
    return `${facet[1]}${facet[2]}`;
  }
  return undefined;
}

/** Level of a (loosely written) KLE number; undefined when it is none. */
export function levelOf(value: string): KleLevel | undefined {
  const nummer = normalizeKleNumber(value);
  return nummer === undefined ? undefined : canonicalLevel(nummer);
}

/**
 * The number one level up: emne → gruppe → hovedgruppe → undefined. Handlingsfacetter have no parent
 * node (their category is only a letter), so the result is undefined for them too.
 */
export function parentOf(value: string): string | undefined {
  const nummer = normalizeKleNumber(value);
  if (nummer === undefined) return undefined;
  switch (canonicalLevel(nummer)) {
    case 'emne':
      return nummer.slice(0, 5);
    case 'gruppe':
      return nummer.slice(0, 2);
    default:
      return undefined;
  }
}

/** All numbers above this one, hovedgruppe first: `32.24.04` → [`32`, `32.24`]. */
export function ancestorNumbersOf(value: string): string[] {
  const chain: string[] = [];
  for (let parent = parentOf(value); parent !== undefined; parent = parentOf(parent)) {
    chain.unshift(parent);
  }
  return chain;
}

/** The category letter of a handlingsfacet (`G01` → `G`); undefined for any other number. */
export function handlingsfacetCategoryOf(value: string): HandlingsfacetCategory | undefined {
  const nummer = normalizeKleNumber(value);
  if (nummer === undefined || !isHandlingsfacetNr(nummer)) return undefined;
  const letter = nummer.charAt(0);
  return isHandlingsfacetCategory(letter) ? letter : undefined;
}

/**
 * Sort order of canonical numbers: numeric numbers in hierarchy order (`32` < `32.24` < `32.24.04`
 * < `32.27`), then handlingsfacetter. Plain code-unit comparison gives exactly that, because the
 * segments are fixed-width.
 */
export function compareKleNumbers(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function canonicalLevel(value: string): KleLevel | undefined {
  if (EMNE.test(value)) return 'emne';
  if (GRUPPE.test(value)) return 'gruppe';
  if (HOVEDGRUPPE.test(value)) return 'hovedgruppe';
  if (HANDLINGSFACET.test(value)) return 'handlingsfacet';
  return undefined;
}

function isHandlingsfacetCategory(value: string | undefined): value is HandlingsfacetCategory {
  return (HANDLINGSFACET_CATEGORIES as readonly string[]).includes(value ?? '');
}
