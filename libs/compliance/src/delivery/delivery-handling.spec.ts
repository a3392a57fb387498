import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  anEffektuering,
  aSag,
  aSyntheticCpr,
  DEFAULT_BEVILLING_UUID,
  FACTORY_DEFAULTS,
  resetFactorySequence,
} from '@overblik/domain';
import { INGEST_CHUNK_SIZE } from '@overblik/jobs';
import { contractPlatform, DeliveryHandling, type DeliveryOutcome, type ItemOutcome } from './delivery-handling';

/** The platform connected with the factories' municipality and fagsystem. */
const handling = () =>
  new DeliveryHandling(
    contractPlatform({
      kommune: { cvr: FACTORY_DEFAULTS.ejerCvr, navn: 'Fakeby Kommune' },
      fagsystem: { id: FACTORY_DEFAULTS.fagsystem, navn: 'Jobnet Ydelse' },
    }),
  );
const citizen = aSyntheticCpr(1);

function accepted(outcome: DeliveryOutcome): ItemOutcome[] {
  if (!outcome.accepted) throw new Error(`refused: ${JSON.stringify(outcome.violations)}`);
  return outcome.items;
}
const states = (outcome: DeliveryOutcome) => accepted(outcome).map((i) => [i.state, i.rule ?? null]);

beforeEach(() => resetFactorySequence());

describe('delivery intake', () => {
  it.each<[string, string, string, unknown]>([
    ['a body that is not an object', 'DELIVERY-ENVELOPE', '/items', []],
    ['a body without items', 'DELIVERY-ENVELOPE', '/items', { objects: [] }],
    ['an empty delivery', 'DELIVERY-SIZE', '/items', { items: [] }],
    ['an item without an object', 'SCHEMA-REQUIRED', '/items/0/object', { items: [{ operation: 'import' }] }],
  ])('refuses %s whole (422) with %s at %s', (_what, rule, pointer, body) => {
    const outcome = handling().receive(body);
    expect(outcome.accepted).toBe(false);
    if (outcome.accepted) return;
    expect(outcome.status).toBe(422);
    expect(outcome.violations.map((v) => [v.rule, v.pointer])).toContainEqual([rule, pointer]);
  });

  it('refuses a batch with one bad item whole: nothing of it is stored', () => {
    const platform = handling();
    const bad = { ...aSag(), sagsnummer: 42 };
    const outcome = platform.receive({ items: [aDeliveryItem(aSag()), { operation: 'import', object: bad }] });
    expect(outcome).toMatchObject({ accepted: false, problem: 'delivery-invalid' });
    expect(platform.citizen(citizen).stored.sag).toEqual([]);
  });

  it('refuses more items than a batch may hold', () => {
    const platform = new DeliveryHandling({ ...contractPlatform(), maxItems: 1 });
    const outcome = platform.receive({ items: [aDeliveryItem(aSag()), aDeliveryItem(aSag())] });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'DELIVERY-SIZE' }] });
  });
});

describe('the worker part of the handling', () => {
  it('applies a payment delivered before its grant, once the grant is applied', () => {
    const platform = handling();
    const sag = aSag({ uuid: '6f1c2d3e-4a5b-5c6d-8e7f-0a1b2c3d4e5f' });
    const outcome = platform.receive({
      items: [
        aDeliveryItem(anEffektuering()),
        aDeliveryItem(aBevilling({ uuid: DEFAULT_BEVILLING_UUID, sagUuid: sag.uuid })),
        aDeliveryItem(sag),
      ],
    });
    expect(states(outcome)).toEqual([
      ['applied', null],
      ['applied', null],
      ['applied', null],
    ]);
    expect(platform.citizen(citizen).kommuner[0]?.ydelser.udbetalinger).toHaveLength(1);
  });

  it('lets a payment wait for a grant in a later chunk of the same delivery', () => {
    const platform = handling();
    const filler = Array.from({ length: INGEST_CHUNK_SIZE }, () => aDeliveryItem(aDokument()));
    const outcome = platform.receive({
      items: [aDeliveryItem(anEffektuering()), ...filler, aDeliveryItem(aBevilling({ uuid: DEFAULT_BEVILLING_UUID }))],
    });
    const items = accepted(outcome);
    expect([items[0]?.state, items.at(-1)?.state]).toEqual(['applied', 'applied']);
  });

  it('rejects a payment whose grant never comes', () => {
    const outcome = handling().receive({ items: [aDeliveryItem(anEffektuering())] });
    expect(accepted(outcome)).toEqual([
      expect.objectContaining({
        state: 'rejected',
        rule: 'EFFEKTUERING-UNKNOWN-BEVILLING',
        pointer: '/items/0/object/linjer/0/bevillingUuid',
      }),
    ]);
  });

  it('answers the same registration again as a repeat that changes nothing', () => {
    const platform = handling();
    const body = { items: [aDeliveryItem(aSag())] };
    platform.receive(body);
    expect(states(platform.receive(body))).toEqual([['applied', 'ORDER-REPEAT']]);
  });

  it("shows only the citizen's own cases", () => {
    const platform = handling();
    platform.receive({ items: [aDeliveryItem(aSag())] });
    expect(platform.citizen(citizen).kommuner.flatMap((k) => k.sager)).toHaveLength(1);
    expect(platform.citizen(aSyntheticCpr(2)).kommuner).toEqual([]);
  });

  it('hides the records of a fagsystem the municipality is not connected with', () => {
    const platform = new DeliveryHandling(); // the contract's municipality and fagsystem, not the factories'
    platform.receive({ items: [aDeliveryItem(aSag())] });
    expect(platform.citizen(citizen).hiddenSager.map((h) => h.rule)).toEqual(['CONNECTED']);
  });
});
