import { syntheticUuid } from '@overblik/domain';
import { CONTRACT_FAGSYSTEM, CONTRACT_KOMMUNE } from '../delivery/delivery-handling';
import { DELIVERY_PATTERNS, type DeliveryBody, exampleDelivery } from '../delivery/patterns';
import { SandboxSession, type SandboxAnswer } from './sandbox-session';
import { SESSION_SCENARIOS } from './scenarios';

const FAGSYSTEM = { id: 'fs-sandbox-vendor', version: '7.1' };
const PILOT = '29189846';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * What a vendor's system delivers for one scenario: the pattern's background and its example, on objects
 * of its own (fresh UUIDs per pattern), sent by its fagsystem for its pilot.
 */
function story(patternId: string, change?: (body: DeliveryBody) => DeliveryBody): DeliveryBody[] {
  const pattern = DELIVERY_PATTERNS.find((p) => p.id === patternId)!;
  const own = (body: DeliveryBody): DeliveryBody =>
    JSON.parse(
      JSON.stringify(body)
        .replace(UUID, (u) => syntheticUuid(`session-spec:${patternId}:${u}`))
        .replaceAll(`"${CONTRACT_FAGSYSTEM.id}"`, `"${FAGSYSTEM.id}"`)
        .replaceAll(`"cvr":"${CONTRACT_KOMMUNE.cvr}"`, `"cvr":"${PILOT}"`),
    ) as DeliveryBody;
  const example = exampleDelivery(pattern);
  return [...pattern.background, change ? change(example) : example].map(own);
}

const newSession = () => {
  let t = Date.parse('2026-12-03T10:00:00Z');
  return new SandboxSession({ fagsystem: FAGSYSTEM, pilot: PILOT, now: () => new Date((t += 1000)) });
};

const push = (session: SandboxSession, bodies: DeliveryBody[]): SandboxAnswer[] =>
  bodies.map((b) => session.receiveBatch(b));

describe('a sandbox session', () => {
  it('passes every scenario when each pattern arrives as the contract shows it, and gives a passing run', () => {
    const session = newSession();
    const changes: string[] = [];
    session.onArrival((a) => changes.push(...a.changed.map((c) => `${c.id}:${c.status}`)));
    for (const p of DELIVERY_PATTERNS) push(session, story(p.id)).forEach((a) => expect(a.status).toBe(202));
    expect(session.progress().scenarios.filter((s) => s.status !== 'passed')).toEqual([]);
    expect(session.complete).toBe(true);
    expect(changes).toContain('all-patterns-seen:passed');
    const run = session.result();
    expect(run).toMatchObject({
      mode: 'session',
      fagsystem: FAGSYSTEM,
      pilotMunicipality: PILOT,
      tool: { name: 'overblik-session' },
      contract: { version: '1.0.0', sha256: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      passed: true,
    });
    expect(run.interactions.map((i) => i.id)).toEqual(SESSION_SCENARIOS.map((s) => s.id));
    for (const i of run.interactions) {
      expect(i.deliveryHashes.length).toBeGreaterThan(0);
      i.deliveryHashes.forEach((h) => expect(h).toMatch(/^[0-9a-f]{64}$/));
    }
    expect(run.interactions.find((i) => i.id === 'status-change')!.providerStates[0]!.name).toContain(
      'open sygedagpenge',
    );
  });

  it('fails the removal check when a deletion arrives as an update with a status, and never sees the removal', () => {
    const session = newSession();
    for (const p of DELIVERY_PATTERNS.filter((p) => p.id !== 'object-removed')) push(session, story(p.id));
    const [background] = story('object-removed');
    push(session, [background!]);
    const sag = (background!.items as Array<{ operation: string; object: Record<string, unknown> }>).find(
      (i) => i.object.objectType === 'sag',
    )!;
    const deleted = structuredClone(sag);
    deleted.operation = 'update';
    deleted.object['tidspunkt'] = '2026-10-01T08:00:00Z';
    deleted.object['kildeStatus'] = 'Slettet';
    expect(session.receiveBatch({ items: [deleted] }).status).toBe(202);
    const run = session.result();
    const byId = (id: string) => run.interactions.find((i) => i.id === id)!;
    expect(byId('removal-as-removal')).toMatchObject({
      outcome: 'failed',
      findings: [{ rule: 'SESSION-REMOVAL-AS-UPDATE', pointer: '/items/0/object/kildeStatus' }],
    });
    expect(byId('object-removed')).toMatchObject({
      outcome: 'failed',
      findings: [{ rule: 'SESSION-SCENARIO-NOT-SEEN' }],
    });
    expect(byId('all-patterns-seen').findings).toEqual([
      { rule: 'SESSION-SCENARIO-NOT-PASSED', pointer: '', message: 'object-removed: not seen yet' },
    ]);
    expect(byId('status-change').outcome).toBe('passed');
    expect(run.passed).toBe(false);
  });

  it.each([
    [
      'a first import without Opstaaet',
      'initial-import',
      'the history does not start with Opstaaet',
      'initial-import',
      'SAG-FREMDRIFT-OPSTAAET-FIRST',
      '/items/1/object/fremdrift/0/tilstand',
    ],
    [
      'a first import without Opstaaet',
      'initial-import',
      'the history does not start with Opstaaet',
      'full-history-on-first-import',
      'SAG-FREMDRIFT-OPSTAAET-FIRST',
      '/items/1/object/fremdrift/0/tilstand',
    ],
    [
      'a phone number in a title',
      'initial-import',
      'the case title holds a phone number',
      'nothing-held',
      'SAFETY-PHONE',
      '/items/1/object/titel',
    ],
    [
      'an update older than the one held',
      'status-change',
      'the update is older than what the platform holds',
      'ordering-by-source-time',
      'ORDER-STALE',
      '/items/0/object/tidspunkt',
    ],
    [
      'an update older than the one held',
      'status-change',
      'the update is older than what the platform holds',
      'status-change',
      'ORDER-STALE',
      '/items/0/object/tidspunkt',
    ],
    [
      'an incoming letter without brevdato',
      'incoming-letter',
      'the incoming letter has no brevdato',
      'incoming-letter',
      'DOKUMENT-BREVDATO-REQUIRED',
      '/items/0/object/brevdato',
    ],
    [
      'an amount sent as a number',
      'monthly-payment-set-off',
      'the amount is sent as a number',
      'monthly-payment-set-off',
      'AMOUNT-DECIMAL',
      '/items/0/object/udbetaltBeloeb',
    ],
  ])(
    'fails with the rule when %s arrives (%s, variant "%s"): scenario %s',
    (_what, patternId, variantName, scenario, rule, pointer) => {
      const session = newSession();
      const variant = DELIVERY_PATTERNS.find((p) => p.id === patternId)!.variants.find(
        (v) => v.description === variantName,
      )!;
      push(session, story(patternId, variant.change));
      const progress = session.progress().scenarios.find((s) => s.id === scenario)!;
      expect(progress.status).toBe('failed');
      expect(progress.findings).toContainEqual(expect.objectContaining({ rule, pointer }));
    },
  );

  it('passes a scenario that failed once the vendor sends it right', () => {
    const session = newSession();
    const variant = DELIVERY_PATTERNS[0]!.variants[0]!;
    push(session, story('initial-import', variant.change));
    expect(session.progress().scenarios[0]).toMatchObject({ id: 'initial-import', status: 'failed' });
    push(session, story('initial-import'));
    expect(session.progress().scenarios[0]).toMatchObject({ id: 'initial-import', status: 'passed', findings: [] });
    // a case delivered first without its history stays a defect of the session
    expect(session.progress().scenarios.find((s) => s.id === 'full-history-on-first-import')!.status).toBe('failed');
  });

  it('refuses objects of another fagsystem or municipality as the api does (403, nothing handled)', () => {
    const session = newSession();
    const [body] = story('retired-kle');
    const other = structuredClone(body!) as { items: Array<{ object: { ejer: { cvr: string } } }> };
    other.items[0]!.object.ejer.cvr = '12345678';
    expect(session.receiveBatch(other)).toMatchObject({
      status: 403,
      problem: 'delivery-forbidden',
      violations: [{ rule: 'AUTH-OWNER-NOT-CONNECTED', pointer: '/items/0/object/ejer/cvr' }],
    });
    expect(session.progress().scenarios.find((s) => s.id === 'retired-kle')!.status).toBe('failed');
  });

  it('takes a stream line by line: a bad line is rejected at its line, the rest handled', () => {
    const session = newSession();
    const [body] = story('retired-kle');
    const answer = session.receiveStream([
      { line: 1, invalid: '{"not json' },
      { line: 2, value: body!.items[0] },
    ]);
    expect(answer.status).toBe(202);
    if (answer.status !== 202) return;
    expect(answer.delivery.items).toMatchObject([
      { seq: 0, state: 'rejected', rule: 'NDJSON-INVALID-JSON', pointer: '/lines/1' },
      { seq: 1, state: 'applied', kind: 'sag', operation: 'import' },
    ]);
    expect(session.delivery(answer.delivery.id)).toBe(answer.delivery);
    expect(session.progress().scenarios.find((s) => s.id === 'retired-kle')!.status).toBe('passed');
  });
});
