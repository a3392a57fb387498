import { createHash } from 'node:crypto';
import { compactVerify, CompactSign, importJWK, type JWK } from 'jose';
import { canonicalJson } from '@overblik/domain';
import type { InteractionResult, RunResult } from '../verification/run-result';

/** The format of an evidence pack; a verifier refuses another. */
export const EVIDENCE_FORMAT = 'overblik-evidence/1';

/** What a pack holds about one interaction (everything of its result). */
export type EvidenceInteraction = InteractionResult;

/**
 * What a certification run proves: the contract, the fagsystem and its version, the pilot municipality,
 * each interaction's result with the hash of every delivery checked, start and end, the tool, and the
 * table of part hashes that the signature covers.
 */
export interface EvidencePayload {
  format: typeof EVIDENCE_FORMAT;
  mode: RunResult['mode'];
  contract: RunResult['contract'];
  fagsystem: RunResult['fagsystem'];
  pilotMunicipality: string;
  tool: RunResult['tool'];
  startedAt: string;
  finishedAt: string;
  passed: boolean;
  interactions: EvidenceInteraction[];
  /** SHA-256 (hex) of every delivery checked in the run, in the order first met. */
  deliveryHashes: string[];
  /** Part name → SHA-256 (hex) of the part's canonical JSON: what the signature signs. */
  parts: Record<string, string>;
}

/** A payload and a compact JWS (EdDSA, Ed25519, with `kid`) over the canonical JSON of its parts table. */
export interface EvidencePack {
  payload: EvidencePayload;
  signature: string;
}

/** An Ed25519 private key as a JWK (`kty: OKP`, `crv: Ed25519`, with `d`) and the key id it signs under. */
export interface EvidenceSigningKey {
  kid: string;
  privateJwk: JWK;
}

export type EvidenceVerification =
  | { ok: true; kid: string }
  | { ok: false; reason: 'changed'; kid: string; parts: string[] }
  | { ok: false; reason: 'signature' | 'unknown-key' | 'not-a-pack'; message: string };

/** The top-level fields of a payload a pack hashes, each a part of its own. */
const TOP_FIELDS = [
  'format',
  'mode',
  'contract',
  'fagsystem',
  'pilotMunicipality',
  'tool',
  'startedAt',
  'finishedAt',
  'passed',
  'deliveryHashes',
] as const;

const sha256 = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** The parts of a payload and their hashes (everything but `parts` itself). */
export function partsOf(payload: Omit<EvidencePayload, 'parts'>): Record<string, string> {
  return partsOfUntrusted(payload as unknown as Record<string, unknown>, payload.interactions);
}

/** Every delivery hash of the run, each once, in the order first met. */
const deliveryHashesOf = (run: RunResult): string[] => [...new Set(run.interactions.flatMap((i) => i.deliveryHashes))];

/** Builds and signs the evidence pack of a run. */
export async function buildEvidencePack(run: RunResult, key: EvidenceSigningKey): Promise<EvidencePack> {
  const built: Omit<EvidencePayload, 'parts'> = {
    format: EVIDENCE_FORMAT,
    mode: run.mode,
    contract: run.contract,
    fagsystem: run.fagsystem,
    pilotMunicipality: run.pilotMunicipality,
    tool: run.tool,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    passed: run.passed,
    interactions: run.interactions,
    deliveryHashes: deliveryHashesOf(run),
  };
  // as it will be read back from its file: fields without a value are not there
  const body = JSON.parse(JSON.stringify(built)) as Omit<EvidencePayload, 'parts'>;
  const parts = partsOf(body);
  const signature = await new CompactSign(new TextEncoder().encode(canonicalJson({ format: EVIDENCE_FORMAT, parts })))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'overblik-evidence+jws' })
    .sign(await importJWK(key.privateJwk, 'EdDSA'));
  return { payload: { ...body, parts }, signature };
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** A compact JWS whose segments are canonical base64url (no padding bits set, nothing that decodes alike). */
function canonicalCompact(jws: string): boolean {
  const segments = jws.split('.');
  if (segments.length !== 3) return false;
  return segments.every(
    (s) => BASE64URL.test(s) && s.length % 4 !== 1 && Buffer.from(s, 'base64url').toString('base64url') === s,
  );
}

function headerOf(jws: string): { kid?: unknown; alg?: unknown } | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8'));
    return header !== null && typeof header === 'object' ? (header as { kid?: unknown; alg?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Verifies a pack against public keys (JWKs with `kid`): the signature over the parts table, then every
 * part of the payload against the signed table. A changed pack names what changed (`passed`,
 * `interactions/status-change.outcome`, `parts/…` when only the payload's copy of the table was edited).
 */
export async function verifyEvidencePack(pack: unknown, publicKeys: readonly JWK[]): Promise<EvidenceVerification> {
  if (!isRecord(pack) || !isRecord(pack['payload']) || typeof pack['signature'] !== 'string')
    return { ok: false, reason: 'not-a-pack', message: 'expected {"payload": {…}, "signature": "<compact JWS>"}' };
  const jws = pack['signature'];
  if (!canonicalCompact(jws))
    return { ok: false, reason: 'signature', message: 'the signature is not a compact JWS in canonical base64url' };
  const header = headerOf(jws);
  if (!header || header.alg !== 'EdDSA' || typeof header.kid !== 'string')
    return { ok: false, reason: 'signature', message: 'the signature header is not EdDSA with a kid' };
  const kid = header.kid;
  const jwk = publicKeys.find((k) => k.kid === kid);
  if (!jwk) return { ok: false, reason: 'unknown-key', message: `no public key with kid ${kid}` };
  let signed: unknown;
  try {
    const { payload } = await compactVerify(jws, await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA'), {
      algorithms: ['EdDSA'],
    });
    signed = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: 'signature', message: `the signature does not verify with key ${kid}` };
  }
  if (!isRecord(signed) || signed['format'] !== EVIDENCE_FORMAT || !isRecord(signed['parts']))
    return { ok: false, reason: 'signature', message: `the signed content is not a parts table of ${EVIDENCE_FORMAT}` };
  const signedParts = signed['parts'] as Record<string, unknown>;
  const payload = pack['payload'];
  const changed = new Set<string>();
  const actual = partsOfUntrusted(payload, payload['interactions']);
  for (const name of new Set([...Object.keys(signedParts), ...Object.keys(actual)]))
    if (signedParts[name] !== actual[name]) changed.add(name);
  // the payload's copy of the table must be the signed one
  const copy = isRecord(payload['parts']) ? payload['parts'] : {};
  for (const name of new Set([...Object.keys(signedParts), ...Object.keys(copy)]))
    if (signedParts[name] !== copy[name]) changed.add(`parts/${name}`);
  if (!isRecord(payload['parts'])) changed.add('parts');
  const known = new Set<string>([...TOP_FIELDS, 'interactions', 'parts']);
  for (const field of Object.keys(payload)) if (!known.has(field)) changed.add(field);
  return changed.size ? { ok: false, reason: 'changed', kid, parts: [...changed].sort() } : { ok: true, kid };
}

/**
 * The parts of a payload of any shape (as read from a file): each top-level field, the interactions' ids
 * in order (an interaction added, dropped or moved changes it), and each field of each interaction.
 */
function partsOfUntrusted(payload: Record<string, unknown>, interactions: unknown): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const field of TOP_FIELDS) if (field in payload) parts[field] = sha256(payload[field]);
  if (!Array.isArray(interactions)) {
    if ('interactions' in payload) parts['interactions'] = sha256(interactions);
    return parts;
  }
  parts['interactions'] = sha256(interactions.map((i: unknown) => (isRecord(i) ? i['id'] : i)));
  const seen = new Set<string>();
  interactions.forEach((i: unknown, index) => {
    const id = isRecord(i) && typeof i['id'] === 'string' ? i['id'] : `#${index}`;
    const name = seen.has(id) ? `${id}#${index}` : id;
    seen.add(id);
    if (!isRecord(i)) return;
    for (const [field, value] of Object.entries(i))
      if (field !== 'id') parts[`interactions/${name}.${field}`] = sha256(value);
  });
  return parts;
}
