import { rulesOfKind } from './catalogue';

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

/** The rules of a delivered item, with their Danish and English texts (a view of RULE_CATALOGUE). */
export const DELIVERY_RULES = rulesOfKind('delivery', 'visningsklasse');

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
