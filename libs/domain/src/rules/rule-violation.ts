import { VISNINGSKLASSE_NORMALISED, VISNINGSKLASSE_RULES, VISNINGSKLASSE_UNKNOWN } from '../visningsklasse';

export type RuleSeverity = 'error' | 'mapped';

/**
 * Why a delivery item breaks (or was adjusted by) a rule. `error` refuses the item; `mapped` means the
 * platform accepted it after mapping a value (`mappedTo` holds the new value at `pointer`).
 * Messages never contain a CPR number.
 */
export interface RuleViolation {
  /** Stable id, e.g. SCHEMA-REQUIRED, KLE-UNKNOWN; see DELIVERY_RULES. */
  rule: string;
  /** RFC 6901 JSON pointer into the delivery item, e.g. /object/fremdrift/0/tilstand. */
  pointer: string;
  message: string;
  severity: RuleSeverity;
  mappedTo?: string;
}

/** The stable rule ids with what they check. */
export const DELIVERY_RULES = {
  'SCHEMA-REQUIRED': 'a mandatory field or relation is missing',
  'SCHEMA-TYPE': 'a value has the wrong JSON type',
  'SCHEMA-ENUM': 'a value is not one of the allowed codes',
  'SCHEMA-FORMAT': 'a value does not have the required format (date, date-time, CVR, URN)',
  'SCHEMA-EMPTY': 'a mandatory text is empty',
  'SCHEMA-CARDINALITY': 'a list has too few or too many elements',
  'SCHEMA-UNKNOWN-KEY': 'a field that the delivery format does not have',
  'SCHEMA-INVALID': 'any other structural error',
  'SCHEMA-NUL-CHARACTER': 'a text or field name holds a NUL character (\\u0000), which cannot be stored',
  'SCHEMA-LONE-SURROGATE': 'a text or field name holds a lone UTF-16 surrogate (not Unicode)',
  'SCHEMA-UUID-RFC4122': 'a UUID is not RFC 4122: variant bits 10 and a version 1–8 (nil and max refused)',
  LENGTH: 'a text is longer than its limit (50/255/1024/4096 characters, journal notes 100 KB)',
  'PARTY-URN': 'a party is not urn:oio:cpr-nr / cvr-nr / pnr, or the CPR number holds no valid date',
  'AMOUNT-DECIMAL': 'an amount is not a decimal string -?[0-9]+(.[0-9]+)?',
  'KLE-FORMAT': 'a KLE number is not an emne NN.NN.NN (or a handlingsfacet like G01)',
  'KLE-UNKNOWN': 'the KLE emne does not exist',
  'KLE-RETIRED-REPLACED': 'the KLE emne is retired; mapped to its replacement (severity mapped)',
  'KLE-RETIRED': 'the KLE emne is retired and has no replacement',
  'SAG-FREMDRIFT-OPSTAAET-FIRST': 'the fremdrift history does not start with Opstaaet',
  'SAG-FREMDRIFT-ORDER': 'the fremdrift history is not in chronological order',
  'SAG-FREMDRIFT-BACKWARDS': 'the fremdrift goes back to an earlier state',
  'VIRKNING-PERIOD': 'a virkning ends before it starts',
  'PERIOD-ORDER': 'a period or grant ends before it starts',
  'DOKUMENT-BREVDATO-REQUIRED': 'an incoming letter has no brevdato',
  'BEVILLING-YDELSE-DUPLICATE-ID': 'two granted benefits of one grant share an id',
  'EFFEKTUERING-UNKNOWN-BEVILLING': 'a payment line references a grant the index does not know',
  [VISNINGSKLASSE_UNKNOWN]: VISNINGSKLASSE_RULES[VISNINGSKLASSE_UNKNOWN].en,
  [VISNINGSKLASSE_NORMALISED]: VISNINGSKLASSE_RULES[VISNINGSKLASSE_NORMALISED].en,
  'SAG-JOURNALPOST-FOREIGN-DOKUMENT':
    "a journal post links a document of another party, municipality or fagsystem than the case's",
} as const satisfies Record<string, string>;

export type DeliveryRuleId = keyof typeof DELIVERY_RULES;

const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** RFC 6901 pointer of a path, after an optional prefix pointer (e.g. `/items/3`). */
export function jsonPointer(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  return (
    prefix + path.map((p) => `/${escapeToken(typeof p === 'symbol' ? (p.description ?? '') : String(p))}`).join('')
  );
}

/** The tokens of a JSON pointer (`''` is the whole document). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
