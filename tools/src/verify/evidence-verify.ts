import { readFileSync } from 'node:fs';
import { type EvidenceKeyOptions, loadPublicKeys, verifyEvidencePack } from '@overblik/compliance';

export interface EvidenceVerifyAnswer {
  /** 0 verified, 1 a part was changed, 2 a bad signature, an unknown key or no pack. */
  code: 0 | 1 | 2;
  message: string;
}

/** Verifies an evidence pack file with EVIDENCE_PUBLIC_KEYS (or the development key) and says what is wrong. */
export async function verifyEvidenceFile(file: string, keys: EvidenceKeyOptions = {}): Promise<EvidenceVerifyAnswer> {
  let pack: unknown;
  try {
    pack = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = e instanceof SyntaxError ? 'it is not JSON' : 'it cannot be read';
    return { code: 2, message: `not an evidence pack: ${file} (${why})` };
  }
  const publicKeys = await loadPublicKeys(keys);
  const result = await verifyEvidencePack(pack, publicKeys);
  if (result.ok) return { code: 0, message: `verified: ${file} (signed with key ${result.kid})` };
  if (result.reason === 'changed')
    return { code: 1, message: `changed since it was signed (key ${result.kid}): ${result.parts.join(', ')}` };
  return { code: 2, message: `${result.reason}: ${result.message}` };
}
