import type { UpsertDeliveryItem } from '@overblik/domain';

/**
 * Dirty data on purpose: the mistakes real sources make, each with the rule that must catch it. An
 * item is either refused (`rejected`), kept back from citizens by the safety net (`held`), or accepted
 * after the platform maps a value (`mapped`, a retired KLE emne replaced by its successor).
 */
export const DIRT = {
  /** A caseworker wrote a CPR number into a case or document title. */
  CPR_IN_TITLE: { outcome: 'held', rule: 'SAFETY-CPR' },
  /** …or into the name of a granted benefit, or the explanation on a payment. */
  CPR_IN_YDELSE_NAVN: { outcome: 'held', rule: 'SAFETY-CPR' },
  CPR_IN_FORKLARING: { outcome: 'held', rule: 'SAFETY-CPR' },
  PHONE_IN_TITLE: { outcome: 'held', rule: 'SAFETY-PHONE' },
  EMAIL_IN_TITLE: { outcome: 'held', rule: 'SAFETY-EMAIL' },
  /** Uddannelseshjælp (32.24.32) or selvforsørgelsesydelse (32.24.48), retired in 2022 for 32.24.04. */
  RETIRED_KLE: { outcome: 'mapped', rule: 'KLE-RETIRED-REPLACED' },
  /** A mandatory relation left out (Ansvarlig). */
  MISSING_ANSVARLIG: { outcome: 'rejected', rule: 'SCHEMA-REQUIRED' },
  /** A history sent without its first state. */
  NO_OPSTAAET: { outcome: 'rejected', rule: 'SAG-FREMDRIFT-OPSTAAET-FIRST' },
  /** An incoming letter without its letter date. */
  MISSING_BREVDATO: { outcome: 'rejected', rule: 'DOKUMENT-BREVDATO-REQUIRED' },
  /** An amount in Danish display format, 9.036,00. */
  DANISH_AMOUNT: { outcome: 'rejected', rule: 'AMOUNT-DECIMAL' },
  /** A KLE number that does not exist (a mistyped gruppe). */
  UNKNOWN_KLE: { outcome: 'rejected', rule: 'KLE-UNKNOWN' },
} as const satisfies Record<string, { outcome: DirtyOutcome; rule: string }>;

export type DirtyOutcome = 'rejected' | 'held' | 'mapped';
export type DirtyKind = keyof typeof DIRT;

export interface DirtyMark {
  kind: DirtyKind;
  outcome: DirtyOutcome;
  /** The rule id that must catch it (RuleViolation.rule or the safety net's UnfitTextHit.rule). */
  rule: string;
  /** For `mapped`: the value the platform stores instead. */
  mappedTo?: string;
}

export interface DirtHelpers {
  /** A synthetic CPR number (ten digits, nobody's real one). */
  dirtyCpr: string;
  /** A whole number in [0, n). */
  pick(n: number): number;
}

/** The kinds of dirt that fit this item. */
export function dirtKindsFor(item: UpsertDeliveryItem): DirtyKind[] {
  const o = item.object;
  switch (o.objectType) {
    case 'sag':
      return [
        'CPR_IN_TITLE',
        'MISSING_ANSVARLIG',
        ...(o.fremdrift.length >= 2 ? (['NO_OPSTAAET'] as const) : []),
        ...(o.primaerKlasse.kle === '32.24.04' ? (['RETIRED_KLE'] as const) : []),
      ];
    case 'dokument':
      return ['CPR_IN_TITLE', 'PHONE_IN_TITLE', 'EMAIL_IN_TITLE', 'MISSING_BREVDATO'];
    case 'bevilling':
      return ['CPR_IN_YDELSE_NAVN'];
    case 'effektuering':
      return ['CPR_IN_FORKLARING', 'DANISH_AMOUNT', 'UNKNOWN_KLE'];
  }
}

const withSeparator = (cpr: string, sep: string): string => `${cpr.slice(0, 6)}${sep}${cpr.slice(6)}`;

/** Danish display format of a decimal string: 9036.5 → 9.036,50. */
function danishAmount(amount: string): string {
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount.startsWith('-') ? '-' : ''}${grouped},${fraction.padEnd(2, '0')}`;
}

/** A copy of the item with one kind of dirt in it, and what must happen to it. */
/**
 * The result keeps the UpsertDeliveryItem type for convenience although a refused kind breaks it on
 * purpose (that is the point); `mark.outcome` says so.
 */
export function applyDirt(
  item: UpsertDeliveryItem,
  kind: DirtyKind,
  h: DirtHelpers,
): { item: UpsertDeliveryItem; mark: DirtyMark } {
  const copy = structuredClone(item);
  const o = copy.object as unknown as Record<string, unknown>;
  const mark: DirtyMark = { kind, ...DIRT[kind] };
  const cprText = withSeparator(h.dirtyCpr, ['-', ' ', ''][h.pick(3)] ?? '-');
  switch (kind) {
    case 'CPR_IN_TITLE':
      o['titel'] = `${String(o['titel'])} vedr. ${cprText}`;
      break;
    case 'CPR_IN_YDELSE_NAVN': {
      const [first] = o['ydelser'] as Array<{ navn: string }>;
      if (first) first.navn = `${first.navn} ${cprText}`;
      break;
    }
    case 'CPR_IN_FORKLARING':
      o['forklaringer'] = [
        ...((o['forklaringer'] as string[] | undefined) ?? []),
        `Udbetalt til konto tilhørende ${cprText}`,
      ];
      break;
    case 'PHONE_IN_TITLE':
      o['titel'] = `${String(o['titel'])}, ring på ${['70 10 20 30', '3312 4455', '+45 86 12 34 56'][h.pick(3)]}`;
      break;
    case 'EMAIL_IN_TITLE':
      o['titel'] = `${String(o['titel'])} (svar sendt til borger${h.pick(1000)}@example.dk)`;
      break;
    case 'RETIRED_KLE': {
      const klasse = o['primaerKlasse'] as { kle: string };
      mark.mappedTo = klasse.kle;
      klasse.kle = h.pick(2) === 0 ? '32.24.32' : '32.24.48';
      break;
    }
    case 'MISSING_ANSVARLIG':
      delete o['ansvarlig'];
      break;
    case 'NO_OPSTAAET':
      o['fremdrift'] = (o['fremdrift'] as unknown[]).slice(1);
      break;
    case 'MISSING_BREVDATO':
      o['dokumenttype'] = 'Brev, indgaaende';
      delete o['brevdato'];
      break;
    case 'DANISH_AMOUNT':
      o['udbetaltBeloeb'] = danishAmount(String(o['udbetaltBeloeb']));
      break;
    case 'UNKNOWN_KLE': {
      const [line] = o['linjer'] as Array<{ kle: string }>;
      // a gruppe that does not exist: 32.24.04 → 32.99.04
      if (line) line.kle = line.kle.replace(/^(\d{2})\.\d{2}\./, '$1.99.');
      break;
    }
  }
  return { item: copy, mark };
}
