import type { RuleViolation } from '../rules/rule-violation';
import type { ApplyPlan, LocatorState, PlannedOutcome } from './apply-plan.types';
import { finishPlan } from './apply-plan.finish';
import {
  type ChunkState,
  citizenKeyOf,
  DEFAULT_MAX_DEFERRALS,
  isLiveBevilling,
  newChunkState,
  type PlanContext,
  type PlannableItem,
  type PlannableObject,
  ruleContextAt,
  safetyNetHits,
  time,
  validateItem,
} from './apply-plan.steps';

export { type PlanContext, type PlannableItem, type PlannableObject } from './apply-plan.steps';

type ChunkItem = { seq: number; payload: unknown; deferrals?: number };

/** An item that passed the rules, with the mapped values applied. */
interface Checked {
  item: PlannableItem;
  mapped: RuleViolation[];
}

/**
 * The delivery rules for one item. A grant that is not live yet but pending in the inbox (elsewhere, or
 * later in this chunk) is awaited: the item is validated as if it were known, and deferred when nothing
 * else is wrong with it; once it was deferred as often as allowed, the rule rejects it after all.
 */
export function checkItem(
  state: ChunkState,
  ctx: PlanContext,
  { seq, payload, deferrals = 0 }: ChunkItem,
): Checked | PlannedOutcome {
  const live = (uuid: string): boolean => isLiveBevilling(state, ctx, uuid);
  const awaited = new Set<string>();
  const knownOrAwaited = (uuid: string): boolean => {
    if (live(uuid)) return true;
    const awaitable =
      ctx.pendingBevillinger?.has(uuid) === true || (state.bevillingSeqs.get(uuid) ?? []).some((s) => s > seq);
    if (awaitable) awaited.add(uuid);
    return awaitable;
  };
  let { violations, normalized } = validateItem(payload, ruleContextAt(state, ctx, knownOrAwaited));
  if (awaited.size && !violations.some((v) => v.severity === 'error')) {
    const maxDeferrals = ctx.maxDeferrals ?? DEFAULT_MAX_DEFERRALS;
    if (deferrals < maxDeferrals) {
      const [first] = [...awaited].sort();
      return {
        seq,
        state: 'deferred',
        pointer: '/object/linjer',
        message: `waiting for bevilling ${first}, pending in the inbox (deferral ${deferrals + 1} of ${maxDeferrals})`,
      };
    }
    ({ violations, normalized } = validateItem(payload, ruleContextAt(state, ctx, live)));
  }
  const error = violations.find((v) => v.severity === 'error');
  if (error) return { seq, state: 'rejected', rule: error.rule, pointer: error.pointer, message: error.message };
  return { item: normalized, mapped: violations.filter((v) => v.severity === 'mapped') };
}

/**
 * Ordering by source time against what is stored: an object may not change kind; an older registration
 * is kept as stale (in the history only, never applied over newer data); the same time again is a repeat
 * and changes nothing. Undefined when the item applies.
 */
export function orderOutcome(
  seq: number,
  object: PlannableObject,
  known: LocatorState | undefined,
): PlannedOutcome | undefined {
  if (!known) return undefined;
  if (known.kind !== object.objectType)
    return {
      seq,
      state: 'rejected',
      rule: 'OBJECT-KIND-CHANGED',
      pointer: '/object/objectType',
      message: `object ${object.uuid} is a ${known.kind}`,
    };
  if (time(object.tidspunkt) > time(known.sourceTidspunkt)) return undefined;
  return time(object.tidspunkt) === time(known.sourceTidspunkt)
    ? {
        seq,
        state: 'applied',
        rule: 'ORDER-REPEAT',
        pointer: '/object/tidspunkt',
        message: 'the same registration was applied before',
      }
    : {
        seq,
        state: 'stale',
        rule: 'ORDER-STALE',
        pointer: '/object/tidspunkt',
        message: `newer data (${known.sourceTidspunkt}) is stored; kept in the history only`,
      };
}

/** A stale registration is kept in the history (without a body when the object is removed). */
function recordStale(
  plan: ApplyPlan,
  seq: number,
  payload: unknown,
  { operation, object }: PlannableItem,
  known: LocatorState,
): void {
  plan.registrations.push({
    citizenKey: known.citizenKey,
    objectId: object.uuid,
    kind: object.objectType,
    operation,
    sourceTidspunkt: object.tidspunkt,
    outcome: 'stale',
    body: known.removedAt ? null : payload,
    seq,
    bodyAsDelivered: !known.removedAt,
  });
}

/** The object's locator after the item, and the citizens whose read model it changes. */
function moveLocator(state: ChunkState, ctx: PlanContext, { operation, object }: PlannableItem): LocatorState {
  const known = state.current.get(object.uuid);
  const citizenKey = operation === 'remove' && known ? known.citizenKey : citizenKeyOf(object, ctx);
  const locator: LocatorState = {
    id: object.uuid,
    kind: object.objectType,
    citizenKey,
    ownerCvr: known?.ownerCvr && operation === 'remove' ? known.ownerCvr : object.ejer.cvr,
    masterFagsystem: object.itSystem.master,
    sourceTidspunkt: object.tidspunkt,
    removedAt: operation === 'remove' ? object.tidspunkt : null,
  };
  if (known && !known.removedAt && known.citizenKey !== citizenKey) state.affected.add(known.citizenKey);
  state.current.set(object.uuid, locator);
  state.affected.add(citizenKey);
  if (object.objectType === 'dokument')
    state.chunkDokumenter.set(object.uuid.toLowerCase(), operation === 'remove' ? null : object);
  return locator;
}

/** A remove: what the chunk held or wrote of the object before goes, and its history keeps no body. */
function applyRemove(state: ChunkState, seq: number, { operation, object }: PlannableItem, citizenKey: string): void {
  const { plan } = state;
  plan.held = plan.held.filter((h) => h.objectId !== object.uuid);
  for (const r of plan.registrations)
    if (r.objectId === object.uuid) Object.assign(r, { body: null, bodyAsDelivered: false });
  state.lastRemove.set(object.uuid, seq);
  state.removed.add(object.uuid);
  state.touched.delete(object.uuid);
  plan.outcomes.push({ seq, state: 'applied' });
  plan.registrations.push({
    citizenKey,
    objectId: object.uuid,
    kind: object.objectType,
    operation,
    sourceTidspunkt: object.tidspunkt,
    outcome: 'applied',
    body: null,
  });
}

/** An import or update: the object is written as the item leaves it, and recorded in the history. */
function applyRegistration(
  state: ChunkState,
  seq: number,
  payload: unknown,
  item: PlannableItem,
  citizenKey: string,
): void {
  const { object, operation } = item;
  state.removed.delete(object.uuid);
  const asDelivered = item === payload;
  state.touched.set(object.uuid, { item, seq, asDelivered });
  state.plan.registrations.push({
    citizenKey,
    objectId: object.uuid,
    kind: object.objectType,
    operation,
    sourceTidspunkt: object.tidspunkt,
    outcome: 'applied',
    body: item,
    seq,
    bodyAsDelivered: asDelivered,
  });
}

/**
 * The safety net, as if the chunk's items were applied one by one: a later registration of the same
 * object decides (a clean one releases what an earlier one held), and no text is held twice.
 */
function applySafetyNet(
  state: ChunkState,
  ctx: PlanContext,
  seq: number,
  object: PlannableObject,
  citizenKey: string,
): void {
  const { plan } = state;
  const hits = safetyNetHits(object, ctx);
  if (!hits.length) {
    plan.held = plan.held.filter((h) => h.objectId !== object.uuid);
    plan.outcomes.push({ seq, state: 'applied' });
    if (!state.unheld.has(object.uuid)) {
      state.unheld.add(object.uuid);
      plan.unheld.push(object.uuid);
    }
    return;
  }
  const first = hits[0]!;
  plan.outcomes.push({
    seq,
    state: 'held',
    rule: first.hit.rule,
    pointer: first.pointer,
    message: `held back from citizens: ${first.hit.reason}`,
  });
  const pointers = new Set(hits.map((h) => h.pointer));
  plan.held = plan.held.filter((h) => h.objectId !== object.uuid || !pointers.has(h.pointer));
  for (const h of hits) {
    if (plan.held.some((x) => x.objectId === object.uuid && x.pointer === h.pointer)) continue; // one text, several hits
    plan.held.push({
      citizenKey,
      objectId: object.uuid,
      kind: object.objectType,
      ownerCvr: object.ejer.cvr,
      pointer: h.pointer,
      reason: h.hit.reason,
    });
  }
}

/** One item, in delivery order: rules, ordering, then the write and the safety net. */
function planItem(state: ChunkState, ctx: PlanContext, chunkItem: ChunkItem): void {
  const { seq, payload } = chunkItem;
  const namedId = (payload as { object?: { uuid?: unknown } } | null)?.object?.uuid;
  if (typeof namedId === 'string') state.named.add(namedId);
  const checked = checkItem(state, ctx, chunkItem);
  if (!('item' in checked)) return void state.plan.outcomes.push(checked);
  const { item, mapped } = checked;
  if (mapped.length) state.plan.mappings.push({ seq, violations: mapped });
  const known = state.current.get(item.object.uuid);
  const ordered = orderOutcome(seq, item.object, known);
  if (ordered) {
    state.plan.outcomes.push(ordered);
    if (ordered.state === 'stale') recordStale(state.plan, seq, payload, item, known!);
    return;
  }
  const { citizenKey } = moveLocator(state, ctx, item);
  if (item.operation === 'remove') return applyRemove(state, seq, item, citizenKey);
  applyRegistration(state, seq, payload, item, citizenKey);
  applySafetyNet(state, ctx, seq, item.object, citizenKey);
}

/**
 * Plans how one chunk of inbox items changes the index, in delivery order: the delivery rules first,
 * then ordering by source time (an older registration is kept as stale, never applied over newer
 * data; the same time again is a repeat and changes nothing), then the safety net. Pure: the caller
 * reads the locators and what the context holds, and writes the plan, in one transaction.
 */
export function planApply(
  items: ChunkItem[],
  locators: ReadonlyMap<string, LocatorState>,
  ctx: PlanContext,
): ApplyPlan {
  const state = newChunkState(items, locators);
  for (const item of [...items].sort((a, b) => a.seq - b.seq)) planItem(state, ctx, item);
  return finishPlan(state, locators);
}

export type { PlannedOutcome };
export * from './overview-patch.planner';
