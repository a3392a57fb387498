import { isInEffect, toEpochMillis, type Instant, type Virkning } from '../virkning/virkning';

/** The fremdrift states of a sag, in their only allowed order. */
export const FREMDRIFT_TILSTANDE = ['Opstaaet', 'Oplyst', 'Afgjort', 'Afsluttet'] as const;
export type FremdriftTilstand = (typeof FREMDRIFT_TILSTANDE)[number];

/** One entry of a sag's fremdrift history. */
export interface FremdriftEntry {
  tilstand: FremdriftTilstand;
  virkning: Virkning;
}

/** 0 for Opstaaet … 3 for Afsluttet. */
export function fremdriftRank(tilstand: FremdriftTilstand): number {
  return FREMDRIFT_TILSTANDE.indexOf(tilstand);
}

/**
 * Whether a sag may move from one state to another: only forward (Opstaaet → Oplyst → Afgjort →
 * Afsluttet), skipping allowed, never back. Staying in the same state is not a transition.
 */
export function canTransition(from: FremdriftTilstand, to: FremdriftTilstand): boolean {
  return fremdriftRank(to) > fremdriftRank(from);
}

/** The history ordered by `virkning.fra`; entries with the same start keep their state order. Copies. */
export function sortFremdrift<T extends FremdriftEntry>(fremdrift: readonly T[]): T[] {
  return [...fremdrift].sort(
    (a, b) =>
      toEpochMillis(a.virkning.fra) - toEpochMillis(b.virkning.fra) ||
      fremdriftRank(a.tilstand) - fremdriftRank(b.tilstand),
  );
}

/**
 * The state of the sag. Without `at`: the latest state of the history (by `virkning.fra`). With `at`:
 * of the entries in effect at that moment the one that started last; undefined when none is (e.g.
 * before Opstaaet). Sources often leave earlier virkninger open, so "started last" decides.
 */
export function currentState(fremdrift: readonly FremdriftEntry[], at?: Instant): FremdriftTilstand | undefined {
  const candidates = at === undefined ? fremdrift : fremdrift.filter((f) => isInEffect(f.virkning, at));
  return sortFremdrift(candidates).at(-1)?.tilstand;
}

/** The creation moment of the sag: the earliest `virkning.fra` of an Opstaaet entry (what fradato is measured on). */
export function firstOpstaaet(fremdrift: readonly FremdriftEntry[]): string | undefined {
  return sortFremdrift(fremdrift.filter((f) => f.tilstand === 'Opstaaet'))[0]?.virkning.fra;
}
