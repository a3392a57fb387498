import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { EvidenceSigningKey } from './evidence-pack';

/** Where a development signing key is generated once when no key is configured (git-ignored). */
export const EVIDENCE_DEV_KEY_FILE = path.join('.data', 'evidence-dev-key.json');

interface DevKeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface EvidenceKeyOptions {
  /** The environment to read `EVIDENCE_SIGNING_KEY` / `EVIDENCE_PUBLIC_KEYS` from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** The development key file (default: `.data/evidence-dev-key.json` under the working directory). */
  devKeyFile?: string;
}

const isEd25519 = (jwk: JWK): boolean => jwk.kty === 'OKP' && jwk.crv === 'Ed25519';

/** A configured value: the text itself (PEM or JSON), or the path of a file that holds it. */
function configured(value: string, name: string): string {
  const text = value.trim();
  if (text.startsWith('-----BEGIN') || text.startsWith('{')) return text;
  if (!existsSync(text)) throw new Error(`${name} is neither a PEM, a JWK/JWKS nor a readable file`);
  return readFileSync(text, 'utf8').trim();
}

const publicOf = (jwk: JWK): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' });

async function keyId(jwk: JWK): Promise<string> {
  return jwk.kid ?? `evidence-${(await calculateJwkThumbprint(publicOf(jwk))).slice(0, 16)}`;
}

async function jwkOfKeyObject(key: KeyObject): Promise<JWK> {
  return (await exportJWK(key)) as JWK;
}

/** Parses `EVIDENCE_SIGNING_KEY`: an Ed25519 private key as PKCS8 PEM or as a JWK. */
export async function parseSigningKey(text: string, name = 'EVIDENCE_SIGNING_KEY'): Promise<EvidenceSigningKey> {
  let jwk: JWK;
  if (text.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: text, format: 'pem' });
    } catch {
      throw new Error(`${name} is not a PKCS8 PEM private key`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${name} must be an Ed25519 key`);
    jwk = await jwkOfKeyObject(key);
  } else {
    try {
      jwk = JSON.parse(text) as JWK;
    } catch {
      throw new Error(`${name} is neither a PEM nor a JWK`);
    }
  }
  if (!isEd25519(jwk) || typeof jwk.d !== 'string') throw new Error(`${name} must be an Ed25519 private key`);
  const kid = await keyId(jwk);
  return { kid, privateJwk: { ...jwk, kid, alg: 'EdDSA' } };
}

/** Parses `EVIDENCE_PUBLIC_KEYS`: a JWKS (`{"keys": […]}`), one JWK, or an Ed25519 public key as PEM. */
export async function parsePublicKeys(text: string, name = 'EVIDENCE_PUBLIC_KEYS'): Promise<JWK[]> {
  if (text.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      throw new Error(`${name} is not a public key in PEM`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${name} must hold Ed25519 keys`);
    const jwk = await jwkOfKeyObject(key);
    return [{ ...publicOf(jwk), kid: await keyId(jwk) }];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${name} is neither a JWKS, a JWK nor a PEM`);
  }
  const keys = (
    parsed !== null && typeof parsed === 'object' && Array.isArray((parsed as { keys?: unknown }).keys)
      ? (parsed as { keys: JWK[] }).keys
      : [parsed as JWK]
  ).filter(isEd25519);
  if (!keys.length) throw new Error(`${name} holds no Ed25519 key`);
  return Promise.all(keys.map(async (k) => ({ ...publicOf(k), kid: await keyId(k) })));
}

/** The development key: read from its file, or generated into it once. */
export async function loadOrCreateDevKey(file: string): Promise<EvidenceSigningKey & { publicJwk: JWK }> {
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as DevKeyFile;
    return stored;
  }
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = `evidence-dev-${(await calculateJwkThumbprint(pub)).slice(0, 12)}`;
  const stored: DevKeyFile = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' },
    publicJwk: { ...pub, kid, alg: 'EdDSA', use: 'sig' },
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return stored;
}

/** The operator's signing key: `EVIDENCE_SIGNING_KEY` (PEM, JWK or a file holding one), else the development key. */
export async function loadSigningKey(options: EvidenceKeyOptions = {}): Promise<EvidenceSigningKey> {
  const env = options.env ?? process.env;
  const value = env['EVIDENCE_SIGNING_KEY'];
  if (value?.trim()) return parseSigningKey(configured(value, 'EVIDENCE_SIGNING_KEY'));
  const dev = await loadOrCreateDevKey(options.devKeyFile ?? path.resolve(EVIDENCE_DEV_KEY_FILE));
  return { kid: dev.kid, privateJwk: dev.privateJwk };
}

/** The keys a pack may be signed with: `EVIDENCE_PUBLIC_KEYS` (JWKS, JWK, PEM or a file), else the development key. */
export async function loadPublicKeys(options: EvidenceKeyOptions = {}): Promise<JWK[]> {
  const env = options.env ?? process.env;
  const value = env['EVIDENCE_PUBLIC_KEYS'];
  if (value?.trim()) return parsePublicKeys(configured(value, 'EVIDENCE_PUBLIC_KEYS'));
  const signing = env['EVIDENCE_SIGNING_KEY'];
  if (signing?.trim()) {
    const key = await parseSigningKey(configured(signing, 'EVIDENCE_SIGNING_KEY'));
    return [{ ...publicOf(key.privateJwk), kid: key.kid }];
  }
  const file = options.devKeyFile ?? path.resolve(EVIDENCE_DEV_KEY_FILE);
  if (!existsSync(file)) return [];
  return [(JSON.parse(readFileSync(file, 'utf8')) as DevKeyFile).publicJwk];
}
