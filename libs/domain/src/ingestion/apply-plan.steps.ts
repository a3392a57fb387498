import { isPersonPartyUrn, KEYED_CPR_URN_PREFIX, keyedCprUrn } from '../cpr';
import type { LinkedDokument } from '../rules/dokument-link.rule';
import { type KleLookup, normalizeDeliveryItem, type RuleContext, validateDeliveryItem } from '../rules/delivery-rules';
import type { RuleViolation } from '../rules/rule-violation';
import { scanCitizenVisibleTexts } from '../safety-net/citizen-visible-texts';
import { WordList } from '../safety-net/unfit-text.scanner';
import type { DeliveryItem } from '../index-objects/delivery-item.schema';
import type { ApplyPlan, LocatorState } from './apply-plan.types';
import { citizenKeyOfParty, primaryPartyOf } from './citizen-key';

type DeliveredObject = DeliveryItem['object'];
/** Every field that some kind of index object has, optional (the planner narrows by objectType). */
type AnyKindFields<U> = {
  [K in U extends unknown ? keyof U : never]?: U extends { [P in K]?: infer V } ? V : never;
};

/**
 * A validated delivery item as the planner reads it: the delivery format's one model (DeliveryItem,
 * libs/domain index-objects), with the fields every object has required and any kind's others optional.
 */
export type PlannableObject = Pick<DeliveredObject, 'objectType' | 'uuid' | 'tidspunkt' | 'ejer' | 'itSystem'> &
  Omit<AnyKindFields<DeliveredObject>, 'objectType' | 'uuid' | 'tidspunkt' | 'ejer' | 'itSystem'>;
export interface PlannableItem {
  operation: DeliveryItem['operation'];
  object: PlannableObject;
}

/** What the planner is told about the index and the reference data: data only, read before planning. */
export interface PlanContext {
  /** The KLE look-ups of the delivery rules (a `KleCatalogue` from @overblik/kle fits). */
  kle: KleLookup;
  /** The key of the keyed hash of CPR numbers (citizen keys, keyed party URNs). */
  cprHashKey: string;
  /**
   * Documents stored before this chunk (not removed) that its journal posts link, by lower-case id. When
   * given, a journal post may not link another party's, municipality's or fagsystem's document
   * (SAG-JOURNALPOST-FOREIGN-DOKUMENT), checked against these and the chunk's own documents.
   */
  storedDokumenter?: ReadonlyMap<string, LinkedDokument>;
  /** Grants that were live before this chunk. */
  liveBevillinger: ReadonlySet<string>;
  /**
   * Grants that are not live but whose import or update is still pending in the inbox outside this
   * chunk (nobody was applying it, or it is being applied): a payment that waits only for these is
   * deferred, not rejected. Empty when not given.
   */
  pendingBevillinger?: ReadonlySet<string>;
  /** How often an item may be deferred before it is rejected after all (default DEFAULT_MAX_DEFERRALS). */
  maxDeferrals?: number;
  /** Each municipality's word list for the safety net, by CVR (none: no words). */
  wordLists: ReadonlyMap<string, WordList>;
}

/** How often a payment waits for a grant pending in the inbox before it is rejected after all. */
export const DEFAULT_MAX_DEFERRALS = 12;

const NO_WORDS = new WordList([]);
export const time = (iso: string): number => Date.parse(iso);

/** What the chunk has done so far, item by item: the planner's working state. */
export interface ChunkState {
  readonly plan: ApplyPlan;
  /** Locators as the chunk leaves them so far. */
  readonly current: Map<string, LocatorState>;
  readonly touched: Map<string, { item: PlannableItem; seq: number; asDelivered: boolean }>;
  readonly removed: Set<string>;
  /** Every object id the chunk's items name (rejected ones too), and the seq of each object's last applied remove. */
  readonly named: Set<string>;
  readonly lastRemove: Map<string, number>;
  readonly affected: Set<string>;
  readonly unheld: Set<string>;
  /** Documents as the chunk leaves them so far (null: removed), by lower-case id. */
  readonly chunkDokumenter: Map<string, LinkedDokument | null>;
  /** Grants this chunk imports or updates, with the seqs that do so (a payment before them waits for them). */
  readonly bevillingSeqs: Map<string, number[]>;
}

export function emptyPlan(): ApplyPlan {
  return {
    outcomes: [],
    locators: [],
    sager: [],
    dokumenter: [],
    bevillinger: [],
    effektueringer: [],
    removals: [],
    moved: [],
    erasures: [],
    registrations: [],
    held: [],
    unheld: [],
    mappings: [],
    affectedCitizens: [],
  };
}

/** Grants the items import or update, with the seqs that do so. */
export function bevillingSeqsIn(items: ReadonlyArray<{ seq: number; payload: unknown }>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const { seq, payload } of items) {
    const p = payload as Partial<PlannableItem> | null;
    if (p?.operation === 'remove' || p?.object?.objectType !== 'bevilling' || typeof p.object.uuid !== 'string')
      continue;
    out.set(p.object.uuid, [...(out.get(p.object.uuid) ?? []), seq]);
  }
  return out;
}

export function newChunkState(
  items: ReadonlyArray<{ seq: number; payload: unknown }>,
  locators: ReadonlyMap<string, LocatorState>,
): ChunkState {
  return {
    plan: emptyPlan(),
    current: new Map(locators),
    touched: new Map(),
    removed: new Set(),
    named: new Set(),
    lastRemove: new Map(),
    affected: new Set(),
    unheld: new Set(),
    chunkDokumenter: new Map(),
    bevillingSeqs: bevillingSeqsIn(items),
  };
}

/** A grant is live as the chunk stands: by its locator so far, else as it was before the chunk. */
export function isLiveBevilling(state: ChunkState, ctx: PlanContext, uuid: string): boolean {
  const l = state.current.get(uuid);
  if (l) return l.kind === 'bevilling' && l.removedAt === null;
  return ctx.liveBevillinger.has(uuid);
}

/** Stored documents hold person parties keyed; a delivered case names its party in clear. */
export const partyKeyFor =
  (secret: string) =>
  (urn: string): string =>
    isPersonPartyUrn(urn) && !urn.startsWith(KEYED_CPR_URN_PREFIX) ? keyedCprUrn(urn, secret) : urn;

/** The delivery rules' context for one item, as the chunk stands at it. */
export function ruleContextAt(
  state: ChunkState,
  ctx: PlanContext,
  knownBevilling: (uuid: string) => boolean,
): RuleContext {
  if (!ctx.storedDokumenter) return { kle: ctx.kle, knownBevilling };
  const stored = ctx.storedDokumenter;
  const linkedDokument = (uuid: string): LinkedDokument | undefined => {
    const fromChunk = state.chunkDokumenter.get(uuid.toLowerCase());
    if (fromChunk !== undefined) return fromChunk ?? undefined;
    return stored.get(uuid.toLowerCase());
  };
  return { kle: ctx.kle, knownBevilling, linkedDokument, partyKey: partyKeyFor(ctx.cprHashKey) };
}

/** The delivery rules for one item: its violations, and the item with the mapped values applied. */
export function validateItem(
  payload: unknown,
  rules: RuleContext,
): { violations: RuleViolation[]; normalized: PlannableItem } {
  const violations = validateDeliveryItem(payload, rules);
  const mapped = violations.some((v) => v.severity === 'mapped');
  return { violations, normalized: (mapped ? normalizeDeliveryItem(payload, rules) : payload) as PlannableItem };
}

/** The citizen an object belongs to (the keyed hash of its primary party). */
export const citizenKeyOf = (object: PlannableObject, ctx: PlanContext): string =>
  citizenKeyOfParty(primaryPartyOf(object), object.ejer.cvr, ctx.cprHashKey);

/** The word list of the object's owner. */
export const wordListOf = (ctx: PlanContext, ownerCvr: string): WordList => ctx.wordLists.get(ownerCvr) ?? NO_WORDS;

/** The safety net's hits in the texts of an object that reach a citizen. */
export const safetyNetHits = (object: PlannableObject, ctx: PlanContext) =>
  scanCitizenVisibleTexts(object, wordListOf(ctx, object.ejer.cvr));
