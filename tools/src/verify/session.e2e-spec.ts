import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CONTRACT_FAGSYSTEM,
  CONTRACT_KOMMUNE,
  DELIVERY_PATTERNS,
  type DeliveryBody,
  exampleDelivery,
  SESSION_SCENARIOS,
} from '@overblik/compliance';
import { aSyntheticCpr, syntheticUuid } from '@overblik/domain';
import { verifyEvidenceFile } from './evidence-verify';
import { type StartedSession, startSessionRun } from './session-run';

const FAGSYSTEM = 'fs-session-vendor';
const PILOT = CONTRACT_KOMMUNE.cvr;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A minimal vendor: for each pattern it delivers what its system would for that scenario (the pattern's
 * background, then its example delivery) on objects of its own, as its fagsystem, for its pilot.
 */
function scenarioDeliveries(patternId: string, change?: (body: DeliveryBody) => DeliveryBody): DeliveryBody[] {
  const pattern = DELIVERY_PATTERNS.find((p) => p.id === patternId)!;
  const own = (body: DeliveryBody): DeliveryBody =>
    JSON.parse(
      JSON.stringify(body)
        .replace(UUID, (u) => syntheticUuid(`session-e2e:${patternId}:${u}`))
        .replaceAll(`"${CONTRACT_FAGSYSTEM.id}"`, `"${FAGSYSTEM}"`),
    ) as DeliveryBody;
  const example = exampleDelivery(pattern);
  return [...pattern.background, change ? change(example) : example].map(own);
}

async function post(base: string, token: string, body: DeliveryBody, stream = false): Promise<Response> {
  return fetch(`${base}/v1/deliveries${stream ? '/stream' : ''}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': stream ? 'application/x-ndjson' : 'application/json',
    },
    body: stream ? body.items.map((i) => JSON.stringify(i)).join('\n') + '\n' : JSON.stringify(body),
  });
}

/** Delivers every scenario; the payments' stories by the NDJSON stream, the rest as batches. */
async function pushAll(s: StartedSession, skip: string[] = []): Promise<void> {
  for (const p of DELIVERY_PATTERNS.filter((p) => !skip.includes(p.id)))
    for (const body of scenarioDeliveries(p.id)) {
      const res = await post(s.url, s.token, body, p.id === 'payment-correction');
      expect(res.status).toBe(202);
    }
}

let dir: string;
const lines: string[] = [];
const evidenceKeys = () => ({ env: {}, devKeyFile: path.join(dir, 'evidence-dev-key.json') });
const start = (out: string, timeoutSeconds = 60) =>
  startSessionRun({
    fagsystem: FAGSYSTEM,
    fagsystemVersion: '3.4.1',
    pilot: PILOT,
    port: 0,
    timeoutSeconds,
    outDir: path.join(dir, out),
    evidenceKeys: evidenceKeys(),
    print: (line) => lines.push(line),
  });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'session-e2e-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a session against the sandbox', () => {
  it('passes when the vendor performs every scenario, and writes a run and an evidence pack that verifies', async () => {
    const s = await start('passing');
    await pushAll(s);
    const outcome = await s.done;
    expect(outcome.reason).toBe('complete');
    expect(outcome.run).toMatchObject({
      mode: 'session',
      passed: true,
      fagsystem: { id: FAGSYSTEM, version: '3.4.1' },
      pilotMunicipality: PILOT,
    });
    expect(outcome.run.interactions.map((i) => [i.id, i.outcome])).toEqual(
      SESSION_SCENARIOS.map((sc) => [sc.id, 'passed']),
    );
    expect(JSON.parse(readFileSync(outcome.files.run, 'utf8'))).toEqual(outcome.run);
    expect(lines.some((l) => l.startsWith('← #1 batch'))).toBe(true);
    expect(lines).toContain(`  ✓ nothing-held: ${SESSION_SCENARIOS.find((x) => x.id === 'nothing-held')!.instruction}`);

    await expect(verifyEvidenceFile(outcome.files.evidence, evidenceKeys())).resolves.toMatchObject({
      code: 0,
      message: expect.stringContaining('verified'),
    });
    // one changed byte: an interaction's outcome
    const text = readFileSync(outcome.files.evidence, 'utf8');
    const at = text.indexOf('"outcome": "passed"') + '"outcome": "p'.length;
    const tampered = path.join(dir, 'tampered.json');
    writeFileSync(tampered, `${text.slice(0, at)}b${text.slice(at + 1)}`);
    await expect(verifyEvidenceFile(tampered, evidenceKeys())).resolves.toEqual({
      code: 1,
      message: expect.stringContaining('interactions/initial-import.outcome'),
    });
    // one changed byte in the signature
    const sig = text.indexOf('"signature": "') + '"signature": "'.length + 10;
    writeFileSync(tampered, `${text.slice(0, sig)}${text[sig] === 'A' ? 'B' : 'A'}${text.slice(sig + 1)}`);
    await expect(verifyEvidenceFile(tampered, evidenceKeys())).resolves.toMatchObject({ code: 2 });
    // keys of another operator, which do not hold the signing key
    const other = { env: {}, devKeyFile: path.join(dir, 'other-key.json') };
    await expect(verifyEvidenceFile(outcome.files.evidence, other)).resolves.toMatchObject({
      code: 2,
      message: expect.stringContaining('unknown-key'),
    });
  });

  it('fails the right scenarios with their rules when the vendor sends a deletion as an update and a CPR number in a title', async () => {
    const s = await start('defective');
    await pushAll(s, ['object-removed', 'incoming-letter']);
    // the deletion as an update with a status
    const [background] = scenarioDeliveries('object-removed');
    expect((await post(s.url, s.token, background!)).status).toBe(202);
    const sag = structuredClone(
      (background!.items as Array<{ operation: string; object: Record<string, unknown> }>).find(
        (i) => i.object['objectType'] === 'sag',
      )!,
    );
    sag.operation = 'update';
    sag.object['tidspunkt'] = '2026-10-01T08:00:00Z';
    sag.object['kildeStatus'] = 'Slettet i fagsystemet';
    expect((await post(s.url, s.token, { items: [sag] })).status).toBe(202);
    // a letter whose title holds a CPR-shaped (synthetic) number
    const withCpr = scenarioDeliveries('incoming-letter', (body) => {
      const copy = structuredClone(body);
      (copy.items[0] as { object: Record<string, unknown> }).object['titel'] = `Svar fra borger ${aSyntheticCpr(4242)}`;
      return copy;
    });
    for (const body of withCpr) expect((await post(s.url, s.token, body)).status).toBe(202);

    const progress = (await (await fetch(`${s.url}/session`)).json()) as {
      complete: boolean;
      scenarios: Array<{ id: string; status: string; findings: Array<{ rule: string; pointer: string }> }>;
    };
    expect(progress.complete).toBe(false);
    s.stop();
    const { run, reason } = await s.done;
    expect(reason).toBe('stopped');
    expect(run.passed).toBe(false);
    const byId = (id: string) => run.interactions.find((i) => i.id === id)!;
    expect(byId('removal-as-removal')).toMatchObject({
      outcome: 'failed',
      findings: [{ rule: 'SESSION-REMOVAL-AS-UPDATE', pointer: '/items/0/object/kildeStatus' }],
    });
    expect(byId('nothing-held')).toMatchObject({
      outcome: 'failed',
      findings: [{ rule: 'SAFETY-CPR', pointer: '/items/0/object/titel' }],
    });
    expect(byId('incoming-letter')).toMatchObject({
      outcome: 'failed',
      findings: [{ rule: 'SAFETY-CPR', pointer: '/items/0/object/titel' }],
    });
    expect(byId('object-removed').findings).toEqual([expect.objectContaining({ rule: 'SESSION-SCENARIO-NOT-SEEN' })]);
    expect(byId('status-change').outcome).toBe('passed');
    // no CPR number in what the session wrote
    expect(JSON.stringify(run)).not.toContain(aSyntheticCpr(4242));
  });

  it('answers like the api: problem+json for a missing or foreign token, a bad body, and the status of a delivery', async () => {
    const s = await start('answers');
    const other = await start('other');
    try {
      const [body] = scenarioDeliveries('retired-kle');
      const noToken = await fetch(`${s.url}/v1/deliveries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(noToken.status).toBe(401);
      expect(noToken.headers.get('content-type')).toContain('application/problem+json');
      expect(await noToken.json()).toMatchObject({
        rule: 'TOKEN-MISSING',
        type: expect.stringContaining('token-missing'),
        violations: [{ rule: 'AUTH-TOKEN-MISSING', pointer: '/headers/authorization', message: expect.any(String) }],
      });
      const foreign = await post(s.url, other.token, body!);
      expect(foreign.status).toBe(401);
      expect(await foreign.json()).toMatchObject({
        rule: 'TOKEN-INVALID',
        violations: [expect.objectContaining({ rule: 'AUTH-TOKEN-INVALID' })],
      });

      const malformed = await fetch(`${s.url}/v1/deliveries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
        body: '{"items": [',
      });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ rule: 'HTTP-JSON-MALFORMED' });
      const invalid = await post(s.url, s.token, { items: [{ operation: 'import', object: { objectType: 'sag' } }] });
      expect(invalid.status).toBe(422);
      expect(await invalid.json()).toMatchObject({
        type: expect.stringContaining('delivery-invalid'),
        violations: expect.arrayContaining([
          expect.objectContaining({ pointer: expect.stringMatching(/^\/items\/0\//) }),
        ]),
      });

      const accepted = await post(s.url, s.token, body!);
      expect(accepted.status).toBe(202);
      const answer = (await accepted.json()) as { deliveryId: string; status: string };
      expect(accepted.headers.get('location')).toBe(answer.status);
      const status = await fetch(`${s.url}${answer.status}`, { headers: { authorization: `Bearer ${s.token}` } });
      expect(status.status).toBe(200);
      expect(await status.json()).toMatchObject({
        id: answer.deliveryId,
        counts: { applied: 1 },
        items: [{ seq: 0, state: 'applied', kind: 'sag', operation: 'import' }],
      });
      const unknown = await fetch(`${s.url}/v1/deliveries/${syntheticUuid('no-such-delivery')}`, {
        headers: { authorization: `Bearer ${s.token}` },
      });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ rule: 'DELIVERY-NOT-FOUND' });
    } finally {
      s.stop();
      other.stop();
      await Promise.all([s.done, other.done]);
    }
  });
});
