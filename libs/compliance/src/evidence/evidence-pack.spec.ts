import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JWK } from 'jose';
import type { RunResult } from '../verification/run-result';
import { loadOrCreateDevKey, loadPublicKeys, loadSigningKey, parsePublicKeys, parseSigningKey } from './evidence-keys';
import { buildEvidencePack, type EvidencePack, type EvidenceSigningKey, verifyEvidencePack } from './evidence-pack';

const HASH = (n: number): string => n.toString(16).padStart(64, '0');

/** A small run: two interactions, one with a finding. */
const aRun = (): RunResult => ({
  mode: 'session',
  contract: { version: '1.0.0', sha256: `sha256:${HASH(1)}` },
  fagsystem: { id: 'fs-jobnet', version: '4.2' },
  pilotMunicipality: '29189846',
  tool: { name: 'overblik-session', version: '1.0.0' },
  startedAt: '2026-12-03T10:00:00.000+00:00',
  finishedAt: '2026-12-03T10:05:00.000+00:00',
  interactions: [
    {
      id: 'status-change',
      description: 'a status change',
      providerStates: [{ name: 'a case', params: { cvr: '29189846' } }],
      outcome: 'passed',
      findings: [],
      deliveryHashes: [HASH(2)],
      durationMs: 12,
    },
    {
      id: 'nothing-held',
      description: 'nothing held',
      providerStates: [],
      outcome: 'failed',
      findings: [{ rule: 'SAFETY-CPR', pointer: '/items/0/object/titel', message: 'CPR-like number' }],
      deliveryHashes: [HASH(2), HASH(3)],
      durationMs: 7,
    },
  ],
  passed: false,
});

let tmp: string;
let key: EvidenceSigningKey & { publicJwk: JWK };
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'evidence-'));
  key = await loadOrCreateDevKey(path.join(tmp, 'dev-key.json'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the evidence pack', () => {
  it('holds everything the run proves, and verifies with the public key', async () => {
    const pack = await buildEvidencePack(aRun(), key);
    expect(pack.payload).toMatchObject({
      format: 'overblik-evidence/1',
      mode: 'session',
      contract: { version: '1.0.0', sha256: `sha256:${HASH(1)}` },
      fagsystem: { id: 'fs-jobnet', version: '4.2' },
      pilotMunicipality: '29189846',
      tool: { name: 'overblik-session', version: '1.0.0' },
      startedAt: '2026-12-03T10:00:00.000+00:00',
      finishedAt: '2026-12-03T10:05:00.000+00:00',
      passed: false,
      deliveryHashes: [HASH(2), HASH(3)],
    });
    expect(Object.keys(pack.payload.parts)).toEqual(
      expect.arrayContaining(['contract', 'interactions', 'interactions/status-change.outcome']),
    );
    expect(pack.signature.split('.')).toHaveLength(3);
    expect(JSON.parse(Buffer.from(pack.signature.split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'EdDSA',
      kid: key.kid,
    });
    const roundTrip = JSON.parse(JSON.stringify(pack)) as unknown;
    await expect(verifyEvidencePack(roundTrip, [key.publicJwk])).resolves.toEqual({ ok: true, kid: key.kid });
  });

  it.each([
    [
      'an interaction outcome',
      (p: EvidencePack) => (p.payload.interactions[0]!.outcome = 'failed'),
      'interactions/status-change.outcome',
    ],
    ['the fagsystem version', (p: EvidencePack) => (p.payload.fagsystem.version = '4.3'), 'fagsystem'],
    ['the result', (p: EvidencePack) => (p.payload.passed = true), 'passed'],
    ['a delivery hash', (p: EvidencePack) => (p.payload.deliveryHashes[1] = HASH(4)), 'deliveryHashes'],
    [
      'a finding',
      (p: EvidencePack) => (p.payload.interactions[1]!.findings = []),
      'interactions/nothing-held.findings',
    ],
    ['the contract hash', (p: EvidencePack) => (p.payload.contract.sha256 = `sha256:${HASH(9)}`), 'contract'],
  ])('names the part when %s is changed', async (_what, change, part) => {
    const pack = await buildEvidencePack(aRun(), key);
    change(pack);
    await expect(verifyEvidencePack(pack, [key.publicJwk])).resolves.toEqual({
      ok: false,
      reason: 'changed',
      kid: key.kid,
      parts: [part],
    });
  });

  it('names a dropped interaction and a payload edited together with its copy of the parts table', async () => {
    const pack = await buildEvidencePack(aRun(), key);
    pack.payload.interactions.pop();
    pack.payload.pilotMunicipality = '12345678';
    pack.payload.parts['pilotMunicipality'] = 'f'.repeat(64);
    const result = await verifyEvidencePack(pack, [key.publicJwk]);
    expect(result).toMatchObject({ ok: false, reason: 'changed' });
    expect(result.ok === false && result.reason === 'changed' && result.parts).toEqual(
      expect.arrayContaining([
        'interactions',
        'interactions/nothing-held.findings',
        'pilotMunicipality',
        'parts/pilotMunicipality',
      ]),
    );
  });

  it('refuses a pack signed by a key it does not know, and a signature of another pack', async () => {
    const other = await loadOrCreateDevKey(path.join(tmp, 'other-key.json'));
    const pack = await buildEvidencePack(aRun(), other);
    await expect(verifyEvidencePack(pack, [key.publicJwk])).resolves.toMatchObject({
      ok: false,
      reason: 'unknown-key',
    });
    const forged = { ...pack, signature: pack.signature };
    await expect(verifyEvidencePack(forged, [{ ...key.publicJwk, kid: other.kid }])).resolves.toMatchObject({
      ok: false,
      reason: 'signature',
    });
  });

  it('detects every one-byte change of a serialized pack', async () => {
    const pack = await buildEvidencePack(aRun(), key);
    const text = Buffer.from(JSON.stringify(pack));
    const undetected: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const changed = Buffer.from(text);
      changed[i] = changed[i]! ^ 0x01;
      let parsed: unknown;
      try {
        parsed = JSON.parse(changed.toString('utf8'));
      } catch {
        continue; // no longer JSON: refused as not a pack
      }
      const result = await verifyEvidencePack(parsed, [key.publicJwk]);
      if (result.ok || (result.reason === 'changed' && !result.parts.length)) undetected.push(i);
    }
    expect(text.length).toBeGreaterThan(1500);
    expect(undetected).toEqual([]);
  }, 60_000);
});

describe('the evidence keys', () => {
  it('takes an Ed25519 PKCS8 PEM or JWK from EVIDENCE_SIGNING_KEY and its public half from EVIDENCE_PUBLIC_KEYS', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const signing = await loadSigningKey({
      env: { EVIDENCE_SIGNING_KEY: pem },
      devKeyFile: path.join(tmp, 'unused.json'),
    });
    const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const keys = await loadPublicKeys({ env: { EVIDENCE_PUBLIC_KEYS: publicPem } });
    expect(keys[0]!.kid).toBe(signing.kid);
    const pack = await buildEvidencePack(aRun(), signing);
    await expect(verifyEvidencePack(pack, keys)).resolves.toEqual({ ok: true, kid: signing.kid });
    const fromJwk = await parseSigningKey(JSON.stringify(signing.privateJwk));
    expect(fromJwk.kid).toBe(signing.kid);
    const derived = await loadPublicKeys({ env: { EVIDENCE_SIGNING_KEY: pem } });
    expect(derived[0]).toMatchObject({ kid: signing.kid, x: keys[0]!.x });
    expect(derived[0]).not.toHaveProperty('d');
  });

  it('generates a development key once and verifies with it when nothing is configured', async () => {
    const file = path.join(tmp, 'dev', 'evidence-dev-key.json');
    const first = await loadSigningKey({ env: {}, devKeyFile: file });
    const second = await loadSigningKey({ env: {}, devKeyFile: file });
    expect(second).toEqual(first);
    const keys = await loadPublicKeys({ env: {}, devKeyFile: file });
    expect(keys.map((k) => k.kid)).toEqual([first.kid]);
    expect(keys[0]).not.toHaveProperty('d');
  });

  it.each([
    [
      'an RSA key',
      () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      /Ed25519/,
    ],
    ['text that is no key', () => 'not a key', /neither a PEM/],
  ])('refuses %s as EVIDENCE_SIGNING_KEY, naming the variable', async (_what, value, message) => {
    await expect(loadSigningKey({ env: { EVIDENCE_SIGNING_KEY: value() } })).rejects.toThrow(message);
    await expect(loadSigningKey({ env: { EVIDENCE_SIGNING_KEY: value() } })).rejects.toThrow('EVIDENCE_SIGNING_KEY');
  });

  it('refuses a JWKS without an Ed25519 key', async () => {
    await expect(parsePublicKeys('{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}')).rejects.toThrow(
      'EVIDENCE_PUBLIC_KEYS holds no Ed25519 key',
    );
  });
});
