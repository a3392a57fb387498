import { citizenVisibleTexts, type ObjectType } from '@overblik/domain';

/** The verifier's own rule: a caseworker's name or initials in a text the citizen can see. */
export const CASEWORKER_TEXT_RULE = 'VERIFY-CASEWORKER-INITIALS';

export interface CaseworkerTextHit {
  /** JSON pointer into the delivery body. */
  pointer: string;
  message: string;
  /** The text with the name or initials masked. */
  masked: string;
}

const ROLE_WORDS = /^(sagsbehandler|sagsbeh\.?|rådgiver|raadgiver|sbh\.?)$/i;
const LETTER = '\\p{L}';
/** Initials written as a signature: after `/`, or after a caseworker label, 2–4 capital letters. */
const SIGNATURE = new RegExp(
  `(?:(?<![${LETTER}\\d])\\/\\s?|(?<![${LETTER}])(?:[Ss]agsbeh(?:andler)?\\.?|[Ss]bh\\.?|[Ii]nit(?:ialer)?\\.?|[Rr]ådgiver)\\s*:?\\s*)(\\p{Lu}{2,4})(?![${LETTER}])`,
  'gu',
);

/** The forms a caseworker's name takes as initials: BH, BHA, BIHA for "Birgit Hansen". */
export function initialsOf(name: string): string[] {
  const words = name
    .split(/\s+/)
    .filter((w) => w && !ROLE_WORDS.test(w))
    .map((w) => w.replace(/[^\p{L}]/gu, ''))
    .filter(Boolean);
  if (words.length < 2) return [];
  const first = words[0]!;
  const last = words.at(-1)!;
  const up = (s: string) => s.toLocaleUpperCase('da');
  return [
    ...new Set([
      up(words.map((w) => w[0]).join('')),
      up(`${first[0]}${last.slice(0, 2)}`),
      up(`${first.slice(0, 2)}${last.slice(0, 2)}`),
    ]),
  ].filter((i) => i.length >= 2);
}

function namesIn(items: readonly unknown[]): string[] {
  return items.flatMap((item) => {
    const navn = (item as { object?: { primaerBehandler?: { navn?: unknown } } })?.object?.primaerBehandler?.navn;
    return typeof navn === 'string' && navn.trim() ? [navn.trim()] : [];
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Caseworkers' names and initials in the citizen-visible texts of a delivery (titles, benefit names,
 * explanations: the fields the safety net scans). Names come from the caseworkers the deliveries name
 * (`primaerBehandler`, here and in `earlier` deliveries); initials are also found where they are written
 * as a signature (`… /BH`, `sagsbehandler: BIHA`). Caseworker names and initials are never shown to
 * citizens (DOMAIN.md §2), and the platform's safety net does not know them, so this is the verifier's rule.
 */
export function caseworkerTextHits(items: readonly unknown[], earlier: readonly unknown[] = []): CaseworkerTextHit[] {
  const names = [...new Set(namesIn([...earlier, ...items]))];
  const known = names.flatMap((n) => [n.replace(/^(sagsbehandler|rådgiver)\s+/i, ''), ...initialsOf(n)]);
  const knownPattern = known.length
    ? new RegExp(`(?<![${LETTER}])(${known.map(escape).join('|')})(?![${LETTER}])`, 'gu')
    : undefined;
  const hits: CaseworkerTextHit[] = [];
  items.forEach((item, index) => {
    const object = (item as { object?: { objectType?: unknown } })?.object;
    if (!object || typeof object.objectType !== 'string') return;
    let texts;
    try {
      texts = citizenVisibleTexts(object as { objectType: ObjectType });
    } catch {
      return;
    }
    for (const { pointer, text, role } of texts) {
      if (role !== 'text') continue;
      let masked = text.replace(SIGNATURE, (whole, initials: string) => whole.replace(initials, '••'));
      if (knownPattern) masked = masked.replace(knownPattern, '••');
      if (masked !== text)
        hits.push({
          pointer: `/items/${index}${pointer}`,
          message: "a caseworker's name or initials are in a text the citizen sees",
          masked,
        });
    }
  });
  return hits;
}
