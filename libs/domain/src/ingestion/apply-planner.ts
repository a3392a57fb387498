import type { LinkedDokument } from '../rules/dokument-link.rule';
import { scanCitizenVisibleTexts } from '../safety-net/citizen-visible-texts';
import type { WordList } from '../safety-net/unfit-text.scanner';
import type { ApplyPlan, IndexKind, LocatorState, PlannedOutcome } from './apply-plan.types';

/** The fields of a validated delivery item the planner reads (see index-objects for the full shapes). */
interface Party {
  urn: string;
}
interface PlannableObject {
  objectType: IndexKind;
  uuid: string;
  tidspunkt: string;
  ejer: { cvr: string };
  itSystem: { master: string; afsender: string };
  primaerPart?: Party;
  parter?: Party[];
  part?: Party;
  primaerKlasse?: { kle: string };
  fremdrift?: Array<{ tilstand: string; virkning: { fra: string } }>;
  journalposter?: Array<{ dokumentUuid?: string; titel?: string } | { notat: unknown }>;
  dokumenttype?: string;
  sagUuid?: string;
  linjer?: Array<{ bevillingUuid: string }>;
  dispositionsdato?: string;
}
export interface PlannableItem {
  operation: 'import' | 'update' | 'remove';
  object: PlannableObject;
}

export interface Violation {
  rule: string;
  pointer: string;
  message: string;
  severity: 'error' | 'mapped';
}

export interface PlanContext {
  /** Keyed hash of the object's primary party (the citizen key). */
  citizenKeyOf(object: PlannableObject): string;
  /**
   * Structural validation already passed at intake; these are the delivery rules. `linkedDokument` is
   * the document a journal post links as the chunk stands at the item (see RuleContext.linkedDokument).
   */
  validate(
    item: unknown,
    knownBevilling: (uuid: string) => boolean,
    linkedDokument: (uuid: string) => LinkedDokument | undefined,
  ): { violations: Violation[]; normalized: PlannableItem };
  /**
   * Documents stored before this chunk (not removed) that its journal posts link, by lower-case id.
   * Empty when not given.
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
  wordListFor(ownerCvr: string): WordList;
}

const time = (iso: string): number => Date.parse(iso);

/** How often a payment waits for a grant pending in the inbox before it is rejected after all. */
export const DEFAULT_MAX_DEFERRALS = 12;

/** Grants this chunk imports or updates, with the seqs that do so (a payment before them waits for them). */
function bevillingSeqsIn(items: ReadonlyArray<{ seq: number; payload: unknown }>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const { seq, payload } of items) {
    const p = payload as Partial<PlannableItem> | null;
    if (p?.operation === 'remove' || p?.object?.objectType !== 'bevilling' || typeof p.object.uuid !== 'string')
      continue;
    out.set(p.object.uuid, [...(out.get(p.object.uuid) ?? []), seq]);
  }
  return out;
}

function firstOpstaaet(o: PlannableObject): string {
  const froms = (o.fremdrift ?? [])
    .filter((f) => f.tilstand === 'Opstaaet')
    .map((f) => f.virkning.fra)
    .sort((a, b) => time(a) - time(b));
  return froms[0] ?? o.tidspunkt;
}

/**
 * Plans how one chunk of inbox items changes the index, in delivery order: the delivery rules first,
 * then ordering by source time (an older registration is kept as stale, never applied over newer
 * data; the same time again is a repeat and changes nothing), then the safety net. Pure: the caller
 * reads the locators and writes the plan in one transaction.
 */
export function planApply(
  items: Array<{ seq: number; payload: unknown; deferrals?: number }>,
  locators: ReadonlyMap<string, LocatorState>,
  ctx: PlanContext,
): ApplyPlan {
  const plan: ApplyPlan = {
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
    affectedCitizens: [],
  };
  const current = new Map(locators);
  const touched = new Map<string, { item: PlannableItem; seq: number; asDelivered: boolean }>();
  const removed = new Set<string>();
  /** Every object id the chunk's items name (rejected ones too), and the seq of each object's last applied remove. */
  const named = new Set<string>();
  const lastRemove = new Map<string, number>();
  const affected = new Set<string>();
  const unheld = new Set<string>();
  const liveBevilling = (uuid: string): boolean => {
    const l = current.get(uuid);
    if (l) return l.kind === 'bevilling' && l.removedAt === null;
    return ctx.liveBevillinger.has(uuid);
  };

  // documents as the chunk leaves them so far (null: removed); the others as stored before the chunk
  const chunkDokumenter = new Map<string, LinkedDokument | null>();
  const linkedDokument = (uuid: string): LinkedDokument | undefined => {
    const key = uuid.toLowerCase();
    const fromChunk = chunkDokumenter.get(key);
    if (fromChunk !== undefined) return fromChunk ?? undefined;
    return ctx.storedDokumenter?.get(key);
  };

  const inChunk = bevillingSeqsIn(items);
  const maxDeferrals = ctx.maxDeferrals ?? DEFAULT_MAX_DEFERRALS;

  for (const { seq, payload, deferrals = 0 } of [...items].sort((a, b) => a.seq - b.seq)) {
    const namedId = (payload as { object?: { uuid?: unknown } } | null)?.object?.uuid;
    if (typeof namedId === 'string') named.add(namedId);
    // a grant that is not live yet but pending in the inbox (elsewhere, or later in this chunk) is awaited:
    // the item is validated as if it were known, and deferred when nothing else is wrong with it
    const awaited = new Set<string>();
    const awaitable = (uuid: string): boolean =>
      ctx.pendingBevillinger?.has(uuid) === true || (inChunk.get(uuid) ?? []).some((s) => s > seq);
    const knownOrAwaited = (uuid: string): boolean => {
      if (liveBevilling(uuid)) return true;
      if (!awaitable(uuid)) return false;
      awaited.add(uuid);
      return true;
    };
    let { violations, normalized } = ctx.validate(payload, knownOrAwaited, linkedDokument);
    if (awaited.size && !violations.some((v) => v.severity === 'error')) {
      if (deferrals < maxDeferrals) {
        const [first] = [...awaited].sort();
        plan.outcomes.push({
          seq,
          state: 'deferred',
          pointer: '/object/linjer',
          message: `waiting for bevilling ${first}, pending in the inbox (deferral ${deferrals + 1} of ${maxDeferrals})`,
        });
        continue;
      }
      // waited long enough: the grant is still not live, so the rule rejects the payment after all
      ({ violations, normalized } = ctx.validate(payload, liveBevilling, linkedDokument));
    }
    const error = violations.find((v) => v.severity === 'error');
    if (error) {
      plan.outcomes.push({ seq, state: 'rejected', rule: error.rule, pointer: error.pointer, message: error.message });
      continue;
    }
    const { operation, object } = normalized;
    const known = current.get(object.uuid);
    if (known && known.kind !== object.objectType) {
      plan.outcomes.push({
        seq,
        state: 'rejected',
        rule: 'OBJECT-KIND-CHANGED',
        pointer: '/object/objectType',
        message: `object ${object.uuid} is a ${known.kind}`,
      });
      continue;
    }
    const citizenKey = operation === 'remove' && known ? known.citizenKey : ctx.citizenKeyOf(object);
    if (known && time(object.tidspunkt) <= time(known.sourceTidspunkt)) {
      const repeat = time(object.tidspunkt) === time(known.sourceTidspunkt);
      plan.outcomes.push(
        repeat
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
            },
      );
      if (!repeat) {
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
      continue;
    }
    const locator: LocatorState = {
      id: object.uuid,
      kind: object.objectType,
      citizenKey,
      ownerCvr: known?.ownerCvr && operation === 'remove' ? known.ownerCvr : object.ejer.cvr,
      masterFagsystem: object.itSystem.master,
      sourceTidspunkt: object.tidspunkt,
      removedAt: operation === 'remove' ? object.tidspunkt : null,
    };
    if (known && !known.removedAt && known.citizenKey !== citizenKey) affected.add(known.citizenKey);
    current.set(object.uuid, locator);
    affected.add(citizenKey);
    // held texts as if the chunk's items were applied one by one: a later registration of the same object
    // decides (a clean one releases what an earlier one held; a remove deletes them), and no text twice
    const dropHeld = (): void => {
      plan.held = plan.held.filter((h) => h.objectId !== object.uuid);
    };
    if (object.objectType === 'dokument')
      chunkDokumenter.set(object.uuid.toLowerCase(), operation === 'remove' ? null : object);
    if (operation === 'remove') {
      dropHeld();
      // the history this chunk would write before the remove keeps no body either
      for (const r of plan.registrations)
        if (r.objectId === object.uuid) Object.assign(r, { body: null, bodyAsDelivered: false });
      lastRemove.set(object.uuid, seq);
      removed.add(object.uuid);
      touched.delete(object.uuid);
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
      continue;
    }
    removed.delete(object.uuid);
    const asDelivered = normalized === payload;
    touched.set(object.uuid, { item: normalized, seq, asDelivered });
    plan.registrations.push({
      citizenKey,
      objectId: object.uuid,
      kind: object.objectType,
      operation,
      sourceTidspunkt: object.tidspunkt,
      outcome: 'applied',
      body: normalized,
      seq,
      bodyAsDelivered: asDelivered,
    });
    const hits = scanCitizenVisibleTexts(object, ctx.wordListFor(object.ejer.cvr));
    if (hits.length) {
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
    } else {
      dropHeld();
      plan.outcomes.push({ seq, state: 'applied' });
      if (!unheld.has(object.uuid)) {
        unheld.add(object.uuid);
        plan.unheld.push(object.uuid);
      }
    }
  }

  for (const id of [...touched.keys(), ...removed]) {
    const l = current.get(id);
    if (l) plan.locators.push(l);
  }
  // what moves or goes is decided by where the rows are stored (before the chunk) and where they end up,
  // whatever happened in between (a remove and a re-import for another citizen in one chunk moves the rows)
  for (const id of removed) {
    const l = current.get(id);
    const before = locators.get(id);
    if (l && before && !before.removedAt) plan.removals.push({ kind: l.kind, id, citizenKey: before.citizenKey });
  }
  for (const id of named) {
    const l = current.get(id);
    if (l?.removedAt) plan.erasures.push({ kind: l.kind, id, throughSeq: null });
    else if (l && lastRemove.has(id)) plan.erasures.push({ kind: l.kind, id, throughSeq: lastRemove.get(id)! });
  }
  for (const id of touched.keys()) {
    const l = current.get(id)!;
    const before = locators.get(id);
    if (before && !before.removedAt && before.citizenKey !== l.citizenKey) {
      plan.moved.push({ kind: l.kind, id, oldCitizenKey: before.citizenKey });
      affected.add(before.citizenKey);
    }
  }
  for (const { item, seq, asDelivered } of touched.values()) {
    const o = item.object;
    const l = current.get(o.uuid)!;
    const base = {
      citizenKey: l.citizenKey,
      id: o.uuid,
      ownerCvr: o.ejer.cvr,
      masterFagsystem: o.itSystem.master,
      sourceTidspunkt: o.tidspunkt,
      body: item.object,
      seq,
      asDelivered,
    };
    switch (o.objectType) {
      case 'sag':
        plan.sager.push({
          ...base,
          kle: o.primaerKlasse?.kle ?? '',
          opstaaetAt: firstOpstaaet(o),
          dokumentLinks: (o.journalposter ?? []).flatMap((jp) =>
            'dokumentUuid' in jp && jp.dokumentUuid ? [{ dokumentId: jp.dokumentUuid, titel: jp.titel ?? null }] : [],
          ),
        });
        break;
      case 'dokument':
        plan.dokumenter.push({ ...base, dokumenttype: o.dokumenttype ?? 'Andet' });
        break;
      case 'bevilling':
        plan.bevillinger.push({ ...base, sagId: o.sagUuid ?? null });
        break;
      case 'effektuering':
        plan.effektueringer.push({
          ...base,
          bevillingIds: [...new Set((o.linjer ?? []).map((x) => x.bevillingUuid))],
          dispositionsdato: o.dispositionsdato ?? o.tidspunkt.slice(0, 10),
        });
        break;
    }
  }
  plan.affectedCitizens = [...affected];
  return plan;
}

export type { PlannedOutcome };
export * from './overview-patch.planner';
