import type { Dokument } from '../index-objects/dokument.schema';
import type { Sag } from '../index-objects/sag.schema';
import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  FACTORY_DEFAULTS,
  anEffektuering,
  aParty,
  aRemoveItem,
  aKleLookup,
  aSag,
  syntheticUuid,
} from '../testing/factories';
import { citizenKeyOfParty } from './citizen-key';
import { WordList } from '../safety-net/unfit-text.scanner';
import type { LocatorState } from './apply-plan.types';
import { type PlanContext, planApply } from './apply-planner';

const SECRET = 'planner-spec-key-not-a-secret';
const ctx: PlanContext = {
  kle: aKleLookup(),
  cprHashKey: SECRET,
  liveBevillinger: new Set(),
  wordLists: new Map([[FACTORY_DEFAULTS.ejerCvr, new WordList(['misbrug'])]]),
};
const keyOf = (party: { urn: string }): string => citizenKeyOfParty(party, FACTORY_DEFAULTS.ejerCvr, SECRET);
const id = syntheticUuid('planner-sag');
const at = (minute: number): string => new Date(Date.UTC(2024, 5, 1, 0, minute)).toISOString();
const items = (...payloads: unknown[]) => payloads.map((payload, seq) => ({ seq, payload }));
const stored = (over: Partial<LocatorState> = {}): Map<string, LocatorState> =>
  new Map([
    [
      id,
      {
        id,
        kind: 'sag',
        citizenKey: 'citizen-key-of-old',
        ownerCvr: '29100001',
        masterFagsystem: 'fs-jobnet',
        sourceTidspunkt: at(0),
        removedAt: null,
        ...over,
      },
    ],
  ]);

describe('planApply', () => {
  it('OBJECT-KIND-CHANGED: rejects an object whose UUID is stored as another kind', () => {
    const plan = planApply(items(aDeliveryItem(aDokument({ uuid: id, tidspunkt: at(1) }))), stored(), ctx);
    expect(plan.outcomes).toEqual([
      {
        seq: 0,
        state: 'rejected',
        rule: 'OBJECT-KIND-CHANGED',
        pointer: '/object/objectType',
        message: `object ${id} is a sag`,
      },
    ]);
  });

  it('holds a text once when the same object is held twice in one chunk', () => {
    const plan = planApply(
      items(
        aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1), titel: 'Om misbrug' })),
        aDeliveryItem(aSag({ uuid: id, tidspunkt: at(2), titel: 'Om misbrug igen' })),
      ),
      new Map(),
      ctx,
    );
    expect(plan.held.map((h) => h.pointer)).toEqual(['/object/titel']);
  });

  it('releases what an earlier registration in the chunk held when a later one is clean', () => {
    const plan = planApply(
      items(
        aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1), titel: 'Om misbrug' })),
        aDeliveryItem(aSag({ uuid: id, tidspunkt: at(2), titel: 'Ren titel' })),
      ),
      new Map(),
      ctx,
    );
    expect(plan.held).toEqual([]);
    expect(plan.unheld).toEqual([id]);
  });

  it('keeps no held text of an object the chunk removes', () => {
    const plan = planApply(
      items(
        aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1), titel: 'Om misbrug' })),
        aRemoveItem(aSag({ uuid: id, tidspunkt: at(2) })),
      ),
      stored(),
      ctx,
    );
    expect(plan.held).toEqual([]);
    expect(plan.removals).toEqual([{ kind: 'sag', id, citizenKey: 'citizen-key-of-old' }]);
  });

  it('moves the stored rows when a remove and a re-import for another citizen come in one chunk', () => {
    const other = aParty({ cprSeed: 9 });
    const plan = planApply(
      items(
        aRemoveItem(aSag({ uuid: id, tidspunkt: at(1) })),
        aDeliveryItem(aSag({ uuid: id, tidspunkt: at(2), primaerPart: other })),
      ),
      stored(),
      ctx,
    );
    expect(plan.removals).toEqual([]);
    expect(plan.moved).toEqual([{ kind: 'sag', id, oldCitizenKey: 'citizen-key-of-old' }]);
    expect(plan.sager.map((s) => s.citizenKey)).toEqual([keyOf(other)]);
  });

  it('marks a body as delivered when no rule mapped anything, so the writer can copy it from the inbox', () => {
    const plan = planApply(items(aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1) }))), new Map(), ctx);
    expect(plan.sager[0]).toMatchObject({ seq: 0, asDelivered: true });
    expect(plan.registrations[0]).toMatchObject({ seq: 0, bodyAsDelivered: true });
  });
});

describe('planApply erasing the copies of removed objects', () => {
  const removedAt = { removedAt: at(0) };
  it.each<[string, unknown[], Map<string, LocatorState>, Array<{ throughSeq: number | null }>]>([
    [
      'a remove of a stored object erases every copy',
      [aRemoveItem(aSag({ uuid: id, tidspunkt: at(1) }))],
      stored(),
      [{ throughSeq: null }],
    ],
    [
      'a remove of an object never stored erases every copy (e.g. its dead letters)',
      [aRemoveItem(aSag({ uuid: id, tidspunkt: at(1) }))],
      new Map(),
      [{ throughSeq: null }],
    ],
    [
      'an import and its remove in one chunk erase every copy',
      [aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1) })), aRemoveItem(aSag({ uuid: id, tidspunkt: at(2) }))],
      new Map(),
      [{ throughSeq: null }],
    ],
    [
      'a remove and a re-import in one chunk keep the re-import',
      [aRemoveItem(aSag({ uuid: id, tidspunkt: at(1) })), aDeliveryItem(aSag({ uuid: id, tidspunkt: at(2) }))],
      stored(),
      [{ throughSeq: 0 }],
    ],
    [
      'a late, stale registration of a removed object is erased too',
      [aDeliveryItem(aSag({ uuid: id, tidspunkt: at(0) }))],
      stored({ ...removedAt, sourceTidspunkt: at(5) }),
      [{ throughSeq: null }],
    ],
    [
      'a rejected registration of a removed object is erased too',
      [
        aDeliveryItem(
          aSag({ uuid: id, tidspunkt: at(9), primaerKlasse: { kle: '99.99.99', virkning: { fra: at(0) } } }),
        ),
      ],
      stored({ ...removedAt, sourceTidspunkt: at(5) }),
      [{ throughSeq: null }],
    ],
    ['an import of a live object erases nothing', [aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1) }))], stored(), []],
    [
      'a stale remove erases nothing',
      [aRemoveItem(aSag({ uuid: id, tidspunkt: at(0) }))],
      stored({ sourceTidspunkt: at(5) }),
      [],
    ],
  ])('%s', (_name, payloads, locators, expected) => {
    const plan = planApply(items(...payloads), locators, ctx);
    expect(plan.erasures).toEqual(expected.map((e) => ({ kind: 'sag', id, ...e })));
  });

  it('writes no body into the history for a registration the same chunk removes afterwards', () => {
    const plan = planApply(
      items(aDeliveryItem(aSag({ uuid: id, tidspunkt: at(1) })), aRemoveItem(aSag({ uuid: id, tidspunkt: at(2) }))),
      new Map(),
      ctx,
    );
    expect(plan.registrations.map((r) => [r.operation, r.body, r.bodyAsDelivered ?? false])).toEqual([
      ['import', null, false],
      ['remove', null, false],
    ]);
  });
});

describe('planApply with a payment whose grant is not live', () => {
  const grant = aBevilling({ uuid: syntheticUuid('planner-bevilling') });
  const payment = (() => {
    const e = anEffektuering({ uuid: syntheticUuid('planner-effektuering') });
    return { ...e, linjer: e.linjer.map((l) => ({ ...l, bevillingUuid: grant.uuid })) };
  })();
  const withRules = (over: Partial<PlanContext> = {}): PlanContext => ({ ...ctx, ...over });
  const outcomeOf = (plan: ReturnType<typeof planApply>, seq: number) => plan.outcomes.find((o) => o.seq === seq);

  it.each([
    [
      'its grant is pending in the inbox',
      'deferred',
      undefined,
      [{ seq: 0, payload: aDeliveryItem(payment) }],
      { pendingBevillinger: new Set([grant.uuid]) },
    ],
    [
      'its grant comes later in the same chunk',
      'deferred',
      undefined,
      items(aDeliveryItem(payment), aDeliveryItem(grant)),
      {},
    ],
    [
      'its grant is pending but it was deferred as often as allowed',
      'rejected',
      'EFFEKTUERING-UNKNOWN-BEVILLING',
      [{ seq: 0, payload: aDeliveryItem(payment), deferrals: 3 }],
      { pendingBevillinger: new Set([grant.uuid]), maxDeferrals: 3 },
    ],
    [
      'its grant is neither live nor pending',
      'rejected',
      'EFFEKTUERING-UNKNOWN-BEVILLING',
      [{ seq: 0, payload: aDeliveryItem(payment) }],
      {},
    ],
    [
      'its grant is live',
      'applied',
      undefined,
      [{ seq: 0, payload: aDeliveryItem(payment) }],
      { liveBevillinger: new Set([grant.uuid]) },
    ],
  ] as const)('when %s the payment is %s', (_, state, rule, chunk, over) => {
    const plan = planApply([...chunk], new Map(), withRules(over));
    expect(outcomeOf(plan, 0)).toMatchObject({ state, ...(rule ? { rule } : {}) });
    expect(plan.effektueringer.map((e) => e.id)).toEqual(state === 'applied' ? [payment.uuid] : []);
  });

  it('rejects a payment with another error at once, even when its grant is pending', () => {
    const broken = { ...payment, linjer: payment.linjer.map((l) => ({ ...l, kle: '99.99.99' })) };
    const plan = planApply(
      items(aDeliveryItem(broken)),
      new Map(),
      withRules({ pendingBevillinger: new Set([grant.uuid]) }),
    );
    expect(plan.outcomes).toEqual([expect.objectContaining({ state: 'rejected', rule: 'KLE-UNKNOWN' })]);
  });

  it('applies a payment after its grant when both come in one chunk, grant first', () => {
    const plan = planApply(items(aDeliveryItem(grant), aDeliveryItem(payment)), new Map(), withRules());
    expect(plan.outcomes.map((o) => o.state)).toEqual(['applied', 'applied']);
  });
});

describe('planApply with a case whose journal post links a document', () => {
  const citizen = aParty({ cprSeed: 21 });
  const other = aParty({ cprSeed: 22 });
  const dokId = syntheticUuid('planner-linked-dok');
  const sagOf = (o: Partial<Sag> = {}) =>
    aSag({
      uuid: syntheticUuid('planner-linking-sag'),
      primaerPart: citizen,
      journalposter: [{ dokumentUuid: dokId }],
      ...o,
    });
  const dokOf = (o: Partial<Dokument> = {}) => aDokument({ uuid: dokId, parter: [citizen], ...o });
  // the journal-post link rule runs when the planner is given the stored documents
  const withRules = (storedDokumenter: ReadonlyMap<string, Dokument> = new Map()): PlanContext => ({
    ...ctx,
    storedDokumenter,
  });
  const outcomeOf = (plan: ReturnType<typeof planApply>, seq: number) => plan.outcomes.find((o) => o.seq === seq);
  const refused = {
    state: 'rejected',
    rule: 'SAG-JOURNALPOST-FOREIGN-DOKUMENT',
    pointer: '/object/journalposter/0/dokumentUuid',
  };

  it.each([
    ["another citizen's stored document", [aDeliveryItem(sagOf())], [dokOf({ parter: [other] })], refused],
    [
      "another municipality's stored document",
      [aDeliveryItem(sagOf())],
      [dokOf({ ejer: { cvr: '29100002' } })],
      refused,
    ],
    [
      "another vendor's stored document",
      [aDeliveryItem(sagOf())],
      [dokOf({ itSystem: { master: 'fs-other', afsender: 'fs-other' } })],
      refused,
    ],
    ["the citizen's own stored document", [aDeliveryItem(sagOf())], [dokOf()], { state: 'applied' }],
    ['a document the index does not hold yet', [aDeliveryItem(sagOf())], [], { state: 'applied' }],
    [
      "another citizen's document earlier in the chunk",
      [aDeliveryItem(dokOf({ parter: [other] })), aDeliveryItem(sagOf())],
      [],
      refused,
    ],
    [
      'a document moved to another citizen earlier in the chunk',
      [aDeliveryItem(dokOf({ parter: [other], tidspunkt: '2024-03-02T10:00:00Z' })), aDeliveryItem(sagOf())],
      [dokOf()],
      refused,
    ],
    [
      "another citizen's document its master removed earlier in the chunk",
      [aRemoveItem(dokOf({ tidspunkt: '2024-03-02T10:00:00Z' })), aDeliveryItem(sagOf())],
      [dokOf({ parter: [other] })],
      { state: 'applied' },
    ],
    [
      "another citizen's document later in the chunk (checked when the entry is projected)",
      [aDeliveryItem(sagOf()), aDeliveryItem(dokOf({ parter: [other] }))],
      [],
      { state: 'applied' },
    ],
  ] as const)('a case linking %s', (_name, chunk, stored, outcome) => {
    const plan = planApply(
      items(...chunk),
      new Map(),
      withRules(new Map(stored.map((d) => [d.uuid.toLowerCase(), d]))),
    );
    const sagSeq = chunk.findIndex((i) => i.object.objectType === 'sag');
    expect(outcomeOf(plan, sagSeq)).toEqual(expect.objectContaining(outcome));
    expect(plan.sager.map((s) => s.id)).toEqual(outcome.state === 'applied' ? [sagOf().uuid] : []);
  });
});
