import type { ApplyPlan, LocatorState } from './apply-plan.types';
import { type ChunkState, type PlannableItem, type PlannableObject, time } from './apply-plan.steps';

function firstOpstaaet(o: PlannableObject): string {
  const froms = (o.fremdrift ?? [])
    .filter((f) => f.tilstand === 'Opstaaet')
    .map((f) => f.virkning.fra)
    .sort((a, b) => time(a) - time(b));
  return froms[0] ?? o.tidspunkt;
}

/**
 * What moves or goes is decided by where the rows are stored (before the chunk) and where they end up,
 * whatever happened in between (a remove and a re-import for another citizen in one chunk moves the rows).
 */
function planRemovalsAndMoves(state: ChunkState, before: ReadonlyMap<string, LocatorState>): void {
  const { plan, current } = state;
  for (const id of [...state.touched.keys(), ...state.removed]) {
    const l = current.get(id);
    if (l) plan.locators.push(l);
  }
  for (const id of state.removed) {
    const l = current.get(id);
    const was = before.get(id);
    if (l && was && !was.removedAt) plan.removals.push({ kind: l.kind, id, citizenKey: was.citizenKey });
  }
  for (const id of state.named) {
    const l = current.get(id);
    if (l?.removedAt) plan.erasures.push({ kind: l.kind, id, throughSeq: null });
    else if (l && state.lastRemove.has(id))
      plan.erasures.push({ kind: l.kind, id, throughSeq: state.lastRemove.get(id)! });
  }
  for (const id of state.touched.keys()) {
    const l = current.get(id)!;
    const was = before.get(id);
    if (was && !was.removedAt && was.citizenKey !== l.citizenKey) {
      plan.moved.push({ kind: l.kind, id, oldCitizenKey: was.citizenKey });
      state.affected.add(was.citizenKey);
    }
  }
}

/** The index row of one object as the chunk leaves it, in its kind's list. */
function planRow(
  state: ChunkState,
  { item, seq, asDelivered }: { item: PlannableItem; seq: number; asDelivered: boolean },
): void {
  const { plan } = state;
  const o = item.object;
  const l = state.current.get(o.uuid)!;
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

/** The plan once every item is planned: locators, removals, erasures, moves, rows and affected citizens. */
export function finishPlan(state: ChunkState, before: ReadonlyMap<string, LocatorState>): ApplyPlan {
  planRemovalsAndMoves(state, before);
  for (const touched of state.touched.values()) planRow(state, touched);
  state.plan.affectedCitizens = [...state.affected];
  return state.plan;
}
