/**
 * Virkning: the effect period of an attribute, state or relation (SF1470). `fra` is inclusive, `til`
 * exclusive; a missing or null `til` means the period is open.
 */
export interface Virkning {
  fra: string;
  til?: string | null;
  aktoerRef?: string;
  aktoerType?: 'Bruger' | 'ItSystem';
}

/** A moment: an ISO 8601 date-time string or a Date. */
export type Instant = string | Date;

/** Milliseconds since the epoch of an instant; throws a RangeError for text that is no date-time. */
export function toEpochMillis(at: Instant): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${String(at)}`);
  return ms;
}

function endOf(v: Virkning): number {
  return v.til === undefined || v.til === null ? Number.POSITIVE_INFINITY : toEpochMillis(v.til);
}

/** Whether the virkning is open (has no end). */
export function isOpenVirkning(v: Virkning): boolean {
  return v.til === undefined || v.til === null;
}

/** Whether `at` lies in the period: `fra <= at < til`. */
export function isInEffect(v: Virkning, at: Instant): boolean {
  const t = toEpochMillis(at);
  return toEpochMillis(v.fra) <= t && t < endOf(v);
}

/** Whether `til` (when set) is not before `fra`. An empty period (til = fra) is allowed: it records a correction. */
export function hasValidPeriod(v: Virkning): boolean {
  return isOpenVirkning(v) || endOf(v) >= toEpochMillis(v.fra);
}

/**
 * Closes a virkning at `til` (exclusive). Returns a new object; the input is not changed.
 * Throws a RangeError when `til` is before `fra`.
 */
export function closeVirkning(v: Virkning, til: Instant): Virkning {
  const end = toEpochMillis(til);
  if (end < toEpochMillis(v.fra)) throw new RangeError('a virkning cannot end before it starts');
  return { ...v, til: typeof til === 'string' ? til : til.toISOString() };
}

/** Whether two half-open periods share at least one moment. Empty periods overlap nothing. */
export function virkningerOverlap(a: Virkning, b: Virkning): boolean {
  const [aFra, aTil, bFra, bTil] = [toEpochMillis(a.fra), endOf(a), toEpochMillis(b.fra), endOf(b)];
  return aFra < aTil && bFra < bTil && aFra < bTil && bFra < aTil;
}

/** Index pairs `[i, j]` (i < j) of the virkninger that overlap each other. */
export function findOverlappingVirkninger(virkninger: readonly Virkning[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < virkninger.length; i++) {
    for (let j = i + 1; j < virkninger.length; j++) {
      const a = virkninger[i];
      const b = virkninger[j];
      if (a && b && virkningerOverlap(a, b)) pairs.push([i, j]);
    }
  }
  return pairs;
}
