import type { RuleId } from './rules/catalogue';
import { addDays } from './overview/next-payment';
import { danishDay } from './virkning/danish-day';
import { isInEffect, isOpenVirkning, toEpochMillis, type Instant, type Virkning } from './virkning/virkning';

/**
 * The Visningsklasse code list: each code with the standard's title. "Visning undtaget for borger": the
 * object (a sag: with all its documents) is not shown to the citizen while the class is in effect.
 */
export const VISNINGSKLASSER = [{ kode: 'UNDTAGET_FOR_BORGER', titel: 'Visning undtaget for borger' }] as const;

export type VisningsklasseKode = (typeof VISNINGSKLASSER)[number]['kode'];

export const VISNINGSKLASSE_KODER = VISNINGSKLASSER.map((v) => v.kode) as [VisningsklasseKode, ...VisningsklasseKode[]];

export const UNDTAGET_FOR_BORGER: VisningsklasseKode = 'UNDTAGET_FOR_BORGER';

/** The rules about a delivered Visningsklasse; their texts are in RULE_CATALOGUE. */
export const VISNINGSKLASSE_UNKNOWN = 'VISNINGSKLASSE-UNKNOWN' satisfies RuleId;
export const VISNINGSKLASSE_NORMALISED = 'VISNINGSKLASSE-NORMALISED' satisfies RuleId;

const DANISH_LETTERS: Readonly<Record<string, string>> = { Æ: 'AE', Ø: 'OE', Å: 'AA' };
/** Whitespace of any kind, underscores, hyphens and dashes, and invisible format characters. */
const SEPARATORS = /[\s_\p{Pd}\p{Cf}]+/gu;

/**
 * What two spellings of a Visningsklasse are compared by: Unicode-normalised (NFKC), upper case, the
 * Danish letters spelt out (Æ = AE, Ø = OE, Å = AA) and separators dropped. "Undtaget for borger",
 * "UNDTAGET_FOR_BORGER", "undtaget-for-borger" and "UndtagetForBorger" compare equal.
 */
export function visningsklasseSpellingKey(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[ÆØÅ]/g, (c) => DANISH_LETTERS[c] ?? c)
    .replace(SEPARATORS, '');
}

const BY_SPELLING: ReadonlyMap<string, VisningsklasseKode> = new Map(
  VISNINGSKLASSER.flatMap((v) => [
    [visningsklasseSpellingKey(v.kode), v.kode],
    [visningsklasseSpellingKey(v.titel), v.kode],
  ]),
);

/**
 * The code a delivered Visningsklasse names, or undefined when it names none. Accepted: the code or the
 * standard's title (with or without "Visning"), in any case, with spaces, underscores, hyphens or none
 * between the words, and the Danish letters written either way. Anything else is refused at intake.
 */
export function visningsklasseKode(spelling: string): VisningsklasseKode | undefined {
  return BY_SPELLING.get(visningsklasseSpellingKey(spelling));
}

/** Whether a visningsklasse code (in any accepted spelling) means "undtaget for borger". */
export function isUndtagetForBorgerKode(kode: string): boolean {
  return visningsklasseKode(kode) === UNDTAGET_FOR_BORGER;
}

/** Whether an "undtaget for borger" visningsklasse is in effect at `at`. */
export function isHiddenFromCitizen(
  visningsklasser: ReadonlyArray<{ kode: string; virkning: Virkning }> | undefined,
  at: Instant,
): boolean {
  return (visningsklasser ?? []).some((v) => isUndtagetForBorgerKode(v.kode) && isInEffect(v.virkning, at));
}

/**
 * Danish days (YYYY-MM-DD) on which an object is undtaget for borger: every day d with fra <= d < til
 * (til null: no end). The read model keeps these, and the display rules ask them for the day they render.
 */
export interface ExemptionPeriod {
  fra: string;
  til: string | null;
}

/**
 * What a read-model entry holds: its exemption periods, or (in a read model projected before periods
 * were kept) a flag, which hides the entry on every day when true.
 */
export type StoredExemption = readonly ExemptionPeriod[] | boolean;

const compareDays = (a: string | null, b: string | null): number => {
  const [x, y] = [a ?? '9999-12-31', b ?? '9999-12-31'];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The exemption periods of an object's visningsklasser, in Danish days. A day is covered when any moment
 * of it lies in the virkning: the exemption starts at the beginning of the day its virkning starts and
 * ends with the day its last moment falls on (hiding a few hours longer, never showing too early). A
 * virkning ending at midnight Danish time does not cover the day that begins then. An empty virkning
 * (til = fra) records a correction and hides nothing.
 */
export function exemptionPeriods(
  visningsklasser: ReadonlyArray<{ kode: string; virkning: Virkning }> | undefined,
): ExemptionPeriod[] {
  const periods: ExemptionPeriod[] = [];
  for (const v of visningsklasser ?? []) {
    if (!isUndtagetForBorgerKode(v.kode)) continue;
    const fra = toEpochMillis(v.virkning.fra);
    const til = isOpenVirkning(v.virkning) ? null : toEpochMillis(v.virkning.til as string);
    if (til !== null && til <= fra) continue;
    periods.push({
      fra: danishDay(new Date(fra)),
      til: til === null ? null : addDays(danishDay(new Date(til - 1)), 1),
    });
  }
  return periods.sort((a, b) => compareDays(a.fra, b.fra) || compareDays(a.til, b.til));
}

const periodsOf = (stored: StoredExemption): readonly ExemptionPeriod[] =>
  typeof stored === 'boolean' ? (stored ? [{ fra: '0000-01-01', til: null }] : []) : stored;

/** Whether the entry is undtaget for borger on `day` (YYYY-MM-DD, Danish time). */
export function isExemptOn(stored: StoredExemption, day: string): boolean {
  return periodsOf(stored).some((p) => p.fra <= day && (p.til === null || day < p.til));
}

/** The first day after `day` on which an exemption starts or ends, or null when none does. */
export function nextExemptionChange(stored: StoredExemption, day: string): string | null {
  let next: string | null = null;
  for (const p of periodsOf(stored)) {
    for (const boundary of [p.fra, p.til]) {
      if (boundary !== null && boundary > day && (next === null || boundary < next)) next = boundary;
    }
  }
  return next;
}
