import type { ObjectType } from '../index-objects/index-object.constants';
import { scanUnfitText, type UnfitTextHit, type WordList } from './unfit-text.scanner';

/**
 * `text`: free text a caseworker or a source writes (titles, names, explanations). `identifier`: a value
 * whose field says what it is (a sagsnummer, a benefit's id), so the phone rule does not apply to it.
 */
export type CitizenVisibleTextRole = 'text' | 'identifier';

export interface CitizenVisibleTextField {
  /** Where the text is in the delivered object: field names joined by `/`, `*` for every element of an array. */
  readonly path: string;
  readonly role: CitizenVisibleTextRole;
}

/**
 * Every delivered free text that reaches a citizen in the overview answer, per object kind: the one list
 * the safety net scans. A string field of the index objects is either here or in
 * NOT_CITIZEN_VISIBLE_TEXT_FIELDS (a unit test walks the schemas and the rendered answer to keep it so).
 */
export const CITIZEN_VISIBLE_TEXT_FIELDS: Readonly<Record<ObjectType, readonly CitizenVisibleTextField[]>> = {
  sag: [
    { path: 'titel', role: 'text' },
    { path: 'sagsnummer', role: 'identifier' },
    { path: 'journalposter/*/titel', role: 'text' },
  ],
  dokument: [{ path: 'titel', role: 'text' }],
  bevilling: [
    { path: 'ydelser/*/navn', role: 'text' },
    { path: 'ydelser/*/id', role: 'identifier' },
    { path: 'ydelser/*/betalingsplan/dispositionsdagTekst', role: 'text' },
  ],
  effektuering: [
    { path: 'forklaringer/*', role: 'text' },
    { path: 'linjer/*/ydelseId', role: 'identifier' },
  ],
};

const NAMES = 'names of parties and caseworkers stay in the index; the citizen sees no names';
const ACTOR = 'who registered a change; not in the read model';
const SOURCE = "the source's own identifier; the answer shows the configured names";

/**
 * Free-text string fields no citizen sees, with the reason. A path starting with `**` matches at any
 * depth. Format-checked strings (UUIDs, dates, amounts, KLE numbers, CVR numbers, URNs) and fixed value
 * lists are not free text and need no entry.
 */
export const NOT_CITIZEN_VISIBLE_TEXT_FIELDS: Readonly<Record<ObjectType, Readonly<Record<string, string>>>> = {
  sag: {
    alternativTitel: 'the real title of a case exempt from public access; never shown',
    beskrivelse: 'the description is left out of the read model',
    kildeStatus: "the source's own status text; the citizen sees the national status",
    'primaerBehandler/navn': NAMES,
    'primaerPart/navn': NAMES,
    'sekundaerParter/*/navn': NAMES,
    'ydelsesmodtager/navn': NAMES,
    'journalposter/*/notat/titel': 'journal notes are not shown to citizens',
    'journalposter/*/notat/tekst': 'journal notes are not shown to citizens',
    'visningsklasser/*/kode': 'a display class the rules read',
    'visningsklasser/*/titel': 'the title spelling of a display class, stored as its code',
    'itSystem/master': SOURCE,
    'itSystem/afsender': SOURCE,
    '**/virkning/aktoerRef': ACTOR,
  },
  dokument: {
    'parter/*/navn': NAMES,
    'visningsklasser/*/kode': 'a display class the rules read',
    'visningsklasser/*/titel': 'the title spelling of a display class, stored as its code',
    'itSystem/master': SOURCE,
    'itSystem/afsender': SOURCE,
    '**/virkning/aktoerRef': ACTOR,
  },
  bevilling: {
    begrundelse: 'the reasons of a grant are left out of the read model',
    'part/navn': NAMES,
    'visningsklasser/*/kode': 'a display class the rules read',
    'visningsklasser/*/titel': 'the title spelling of a display class, stored as its code',
    'itSystem/master': SOURCE,
    'itSystem/afsender': SOURCE,
    '**/virkning/aktoerRef': ACTOR,
  },
  effektuering: {
    udbetalendeEnhed: 'the answer names the payer from the grant (the municipality or Udbetaling Danmark)',
    'part/navn': NAMES,
    'visningsklasser/*/kode': 'a display class the rules read',
    'visningsklasser/*/titel': 'the title spelling of a display class, stored as its code',
    'itSystem/master': SOURCE,
    'itSystem/afsender': SOURCE,
    '**/virkning/aktoerRef': ACTOR,
  },
};

export interface CitizenVisibleText {
  /** JSON pointer of the text in the delivery item (`/object/...`). */
  pointer: string;
  text: string;
  role: CitizenVisibleTextRole;
}

function collect(value: unknown, segments: readonly string[], pointer: string, out: (p: string, v: unknown) => void) {
  if (!segments.length) {
    out(pointer, value);
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '*') {
    if (Array.isArray(value)) value.forEach((v, i) => collect(v, rest, `${pointer}/${i}`, out));
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, head))
    collect((value as Record<string, unknown>)[head], rest, `${pointer}/${head}`, out);
}

/** The citizen-visible texts of a delivered object with their JSON pointers: what the safety net scans. */
export function citizenVisibleTexts(object: { objectType: ObjectType }): CitizenVisibleText[] {
  const out: CitizenVisibleText[] = [];
  for (const field of CITIZEN_VISIBLE_TEXT_FIELDS[object.objectType] ?? []) {
    collect(object, field.path.split('/'), '/object', (pointer, value) => {
      if (typeof value === 'string' && value.length) out.push({ pointer, text: value, role: field.role });
    });
  }
  return out;
}

/** What the safety net holds in an object's citizen-visible texts: every hit with the pointer of its text. */
export function scanCitizenVisibleTexts(
  object: { objectType: ObjectType },
  words?: WordList,
): Array<{ pointer: string; hit: UnfitTextHit }> {
  return citizenVisibleTexts(object).flatMap(({ pointer, text, role }) =>
    scanUnfitText(text, words, { identifier: role === 'identifier' }).map((hit) => ({ pointer, hit })),
  );
}
