import { currentState, sortFremdrift, type FremdriftEntry, type FremdriftTilstand } from './fremdrift.state-machine';
import type { Instant } from '../virkning/virkning';

/** Afgørelsesklasse codes: the decision was for, against, partly for the citizen, or annulled. */
export const AFGOERELSES_KODER = ['FOR', 'IMOD', 'DELVIS', 'ANNULLERET'] as const;
export type AfgoerelsesKode = (typeof AFGOERELSES_KODER)[number];

/** The national value list of case statuses shown to citizens. */
export const CITIZEN_STATUSES = [
  { code: 1, label: 'Oprettet' },
  { code: 2, label: 'Behandles' },
  { code: 3, label: 'Afgjort' },
  { code: 4, label: 'Afsluttet' },
  { code: 5, label: 'Afvist' },
] as const;
export type CitizenStatus = (typeof CITIZEN_STATUSES)[number];
export type CitizenStatusCode = CitizenStatus['code'];
export type CitizenStatusLabel = CitizenStatus['label'];

export interface CitizenStatusEntry {
  code: CitizenStatusCode;
  label: CitizenStatusLabel;
  /** When the sag entered this status (the `virkning.fra` of the fremdrift entry). */
  fra: string;
}

/** Either the code itself or the sag's afgoerelsesklasse relation. */
export type AfgoerelseInput = AfgoerelsesKode | { kode: AfgoerelsesKode } | null | undefined;

const [OPRETTET, BEHANDLES, AFGJORT, AFSLUTTET, AFVIST] = CITIZEN_STATUSES;

function kodeOf(afgoerelse: AfgoerelseInput): AfgoerelsesKode | undefined {
  return typeof afgoerelse === 'object' && afgoerelse !== null ? afgoerelse.kode : (afgoerelse ?? undefined);
}

/**
 * Maps one fremdrift state to the citizen's status. Opstaaet → 1 Oprettet, Oplyst → 2 Behandles,
 * Afgjort → 3 Afgjort, Afsluttet → 4 Afsluttet.
 *
 * Choice: when the decision went against the citizen (afgoerelsesklasse IMOD), both Afgjort and
 * Afsluttet show 5 Afvist. Closing a rejected case changes nothing for the citizen, and showing
 * "Afsluttet" would hide that the application was refused. DELVIS and ANNULLERET keep the plain mapping.
 */
export function citizenStatusOf(tilstand: FremdriftTilstand, afgoerelse?: AfgoerelseInput): CitizenStatus {
  const rejected = kodeOf(afgoerelse) === 'IMOD';
  switch (tilstand) {
    case 'Opstaaet':
      return OPRETTET;
    case 'Oplyst':
      return BEHANDLES;
    case 'Afgjort':
      return rejected ? AFVIST : AFGJORT;
    case 'Afsluttet':
      return rejected ? AFVIST : AFSLUTTET;
  }
}

/**
 * The citizen's status of a sag: of its latest fremdrift state, or of the state at `at`. A sag whose
 * history is empty (never valid: Opstaaet is always sent) or has not begun at `at` counts as 1 Oprettet.
 */
export function citizenStatus(
  fremdrift: readonly FremdriftEntry[],
  afgoerelse?: AfgoerelseInput,
  at?: Instant,
): CitizenStatus {
  return citizenStatusOf(currentState(fremdrift, at) ?? 'Opstaaet', afgoerelse);
}

/**
 * The status timeline shown to the citizen, oldest first. Consecutive entries with the same status
 * (a repeated state, or Afgjort then Afsluttet of a rejected case) collapse into the first.
 */
export function statusTimeline(
  fremdrift: readonly FremdriftEntry[],
  afgoerelse?: AfgoerelseInput,
): CitizenStatusEntry[] {
  const timeline: CitizenStatusEntry[] = [];
  for (const entry of sortFremdrift(fremdrift)) {
    const { code, label } = citizenStatusOf(entry.tilstand, afgoerelse);
    if (timeline.at(-1)?.code !== code) timeline.push({ code, label, fra: entry.virkning.fra });
  }
  return timeline;
}
