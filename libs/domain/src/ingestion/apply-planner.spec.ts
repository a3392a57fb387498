import { aDeliveryItem, aParty, aRemoveItem, aRuleContext, aSag, syntheticUuid } from '../testing/factories';
import { validateDeliveryItem } from '../rules/delivery-rules';
import { WordList } from '../safety-net/unfit-text.scanner';
import type { LocatorState } from './apply-plan.types';
import { type PlanContext, planApply, type PlannableItem } from './apply-planner';

const ctx: PlanContext = {
  citizenKeyOf: (o) => `key-of:${o.primaerPart?.urn ?? o.part?.urn ?? 'none'}`,
  validate: (item) => ({ violations: validateDeliveryItem(item, aRuleContext()), normalized: item as PlannableItem }),
  liveBevillinger: new Set(),
  wordListFor: () => new WordList(['misbrug']),
};
const id = syntheticUuid('planner-sag');
const at = (minute: number): string => new Date(Date.UTC(2024, 5, 1, 0, minute)).toISOString();
const items = (...payloads: unknown[]) => payloads.map((payload, seq) => ({ seq, payload }));
const stored = (over: Partial<LocatorState> = {}): Map<string, LocatorState> =>
  new Map([[id, { id, kind: 'sag', citizenKey: 'key-of:old', ownerCvr: '29100001', masterFagsystem: 'fs-jobnet', sourceTidspunkt: at(0), removedAt: null, ...over }]]);

describe('planApply', () => {
  it('holds a text once when the same object is held twice in one chunk', () => {
    const plan = planApply(items(aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1), titel: 'Om misbrug' })), aDeliveryItem(aSag({ uuid: id, tidspunkt: at(2), titel: 'Om misbrug igen' }))), new Map(), ctx);
    expect(plan.held.map((h) => h.pointer)).toEqual(['/object/titel']);
  });

  it('releases what an earlier registration in the chunk held when a later one is clean', () => {
    const plan = planApply(items(aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1), titel: 'Om misbrug' })), aDeliveryItem(aSag({ uuid: id, tidspunkt: at(2), titel: 'Ren titel' }))), new Map(), ctx);
    expect(plan.held).toEqual([]);
    expect(plan.unheld).toEqual([id]);
  });

  it('keeps no held text of an object the chunk removes', () => {
    const plan = planApply(items(aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1), titel: 'Om misbrug' })), aRemoveItem(aSag({ uuid: id, tidspunkt: at(2) }))), stored(), ctx);
    expect(plan.held).toEqual([]);
    expect(plan.removals).toEqual([{ kind: 'sag', id, citizenKey: 'key-of:old' }]);
  });

  it('moves the stored rows when a remove and a re-import for another citizen come in one chunk', () => {
    const other = aParty({ cprSeed: 9 });
    const plan = planApply(items(aRemoveItem(aSag({ uuid: id, tidspunkt: at(1) })), aDeliveryItem(aSag({ uuid: id, tidspunkt: at(2), primaerPart: other }))), stored(), ctx);
    expect(plan.removals).toEqual([]);
    expect(plan.moved).toEqual([{ kind: 'sag', id, oldCitizenKey: 'key-of:old' }]);
    expect(plan.sager.map((s) => s.citizenKey)).toEqual([`key-of:${other.urn}`]);
  });

  it('marks a body as delivered when no rule mapped anything, so the writer can copy it from the inbox', () => {
    const plan = planApply(items(aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1) }))), new Map(), ctx);
    expect(plan.sager[0]).toMatchObject({ seq: 0, asDelivered: true });
    expect(plan.registrations[0]).toMatchObject({ seq: 0, bodyAsDelivered: true });
  });
});
