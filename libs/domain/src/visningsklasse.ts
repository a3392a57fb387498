import { isInEffect, type Instant, type Virkning } from './virkning/virkning';

/** Visningsklasse "Visning undtaget for borger": the object (a sag: with all its documents) is never shown to the citizen. */
export const UNDTAGET_FOR_BORGER = 'UNDTAGET_FOR_BORGER';

/**
 * Whether a visningsklasse code means "undtaget for borger". Lenient on spelling (case, spaces, hyphens,
 * a `VISNING_` prefix) because hiding is the safe direction.
 */
export function isUndtagetForBorgerKode(kode: string): boolean {
  const normalized = kode
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return normalized === UNDTAGET_FOR_BORGER || normalized === `VISNING_${UNDTAGET_FOR_BORGER}`;
}

/** Whether an "undtaget for borger" visningsklasse is in effect at `at`. */
export function isHiddenFromCitizen(
  visningsklasser: ReadonlyArray<{ kode: string; virkning: Virkning }> | undefined,
  at: Instant,
): boolean {
  return (visningsklasser ?? []).some((v) => isUndtagetForBorgerKode(v.kode) && isInEffect(v.virkning, at));
}
