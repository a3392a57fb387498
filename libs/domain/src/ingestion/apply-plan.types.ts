import type { RuleViolation } from '../rules/rule-violation';

/** What one ingestion chunk writes; mirrors the persistence session's input (structural types). */
export type IndexKind = 'sag' | 'dokument' | 'bevilling' | 'effektuering';

export interface LocatorState {
  id: string;
  kind: IndexKind;
  citizenKey: string;
  ownerCvr: string;
  masterFagsystem: string;
  sourceTidspunkt: string;
  removedAt: string | null;
}

interface PlannedRow {
  citizenKey: string;
  id: string;
  ownerCvr: string;
  masterFagsystem: string;
  sourceTidspunkt: string;
  body: unknown;
  /** The inbox item the row comes from (its seq in the delivery). */
  seq?: number;
  /** The body is the inbox item's object as delivered (no rule mapped anything): the writer may copy it there. */
  asDelivered?: boolean;
  /** CPR URNs in the body and the keyed URNs the writer stores instead (`keyPartyUrns`). */
  partyUrnKeys?: Array<[string, string]>;
}

export interface PlannedSag extends PlannedRow {
  kle: string;
  opstaaetAt: string;
  dokumentLinks: Array<{ dokumentId: string; titel: string | null }>;
}
export interface PlannedDokument extends PlannedRow {
  dokumenttype: string;
}
export interface PlannedBevilling extends PlannedRow {
  sagId: string | null;
}
export interface PlannedEffektuering extends PlannedRow {
  bevillingIds: string[];
  dispositionsdato: string;
}

export interface PlannedOutcome {
  seq: number;
  /**
   * `deferred`: the item stays pending and is tried again later (a payment whose grant is still pending
   * in the inbox); the writer counts the deferral and keeps the state `pending`.
   */
  state: 'applied' | 'rejected' | 'held' | 'stale' | 'deferred';
  rule?: string;
  pointer?: string;
  message?: string;
}

export interface ApplyPlan {
  outcomes: PlannedOutcome[];
  locators: LocatorState[];
  sager: PlannedSag[];
  dokumenter: PlannedDokument[];
  bevillinger: PlannedBevilling[];
  effektueringer: PlannedEffektuering[];
  removals: Array<{ kind: IndexKind; id: string; citizenKey: string }>;
  moved: Array<{ kind: IndexKind; id: string; oldCitizenKey: string }>;
  /**
   * Objects a source removed: every stored copy of their delivered bodies goes (inbox items, dead
   * letters, history bodies), except what this chunk's delivery holds after `throughSeq` (a re-import
   * after the remove in the same chunk); `throughSeq` null when the object ends the chunk removed.
   */
  erasures: Array<{ kind: IndexKind; id: string; throughSeq: number | null }>;
  registrations: Array<{
    citizenKey: string;
    objectId: string;
    kind: IndexKind;
    operation: 'import' | 'update' | 'remove';
    sourceTidspunkt: string;
    outcome: 'applied' | 'stale';
    body: unknown;
    /** The inbox item the registration comes from. */
    seq?: number;
    /** The body is that inbox item as delivered: the writer may copy it there. */
    bodyAsDelivered?: boolean;
    /** CPR URNs in the body and the keyed URNs the writer stores instead (`keyPartyUrns`). */
    partyUrnKeys?: Array<[string, string]>;
  }>;
  held: Array<{
    citizenKey: string;
    objectId: string;
    kind: IndexKind;
    ownerCvr: string;
    pointer: string;
    reason: string;
  }>;
  unheld: string[];
  /** The values the delivery rules mapped (e.g. a retired KLE emne to its successor), by item. */
  mappings: Array<{ seq: number; violations: RuleViolation[] }>;
  /** citizen keys whose read model must be projected again */
  affectedCitizens: string[];
}
