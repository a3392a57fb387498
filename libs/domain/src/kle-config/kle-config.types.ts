import type { ContactPointType } from '../overview/display-configuration';

/** The contact point types of the national list (DOMAIN.md §3 point 10). */
export const KLE_CONTACT_POINT_TYPES: readonly ContactPointType[] = [
  'DIGITAL_POST',
  'TELEFON',
  'EMAIL',
  'HJEMMESIDE',
  'FYSISK',
];

export interface KleContactPoint {
  type: string;
  value: string;
  label: string | null;
}

/** One municipality's configuration of one KLE emne, as an administrator edits it (DOMAIN.md §4). */
export interface KleConfigLine {
  kle: string;
  shown: boolean;
  /** YYYY-MM-DD. */
  fraDato: string;
  activeCaseOverride: boolean;
  titleSource: 'KLE' | 'SAG';
  documentTitles: boolean;
  selfserviceUrl: string | null;
  borgerdkUrl: string | null;
  /** Empty: every connected fagsystem. */
  fagsystemFilter: string[];
  contactPoints: KleContactPoint[];
}

/** The whole configuration of one municipality: what a draft holds and what a version keeps. */
export interface KleConfigSnapshot {
  lines: KleConfigLine[];
}

/** A nationally agreed etape: the emner every municipality must show from 31/12 of its year. */
export interface Etape {
  nr: number;
  year: number;
  title: string;
  emner: readonly string[];
}
