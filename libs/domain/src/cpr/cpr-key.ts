import { createHmac } from 'node:crypto';
import { parsePartyUrn } from './party-urn';
import { InvalidCprError, type Cpr } from './cpr';

const CPR_DIGITS = /^(\d{6})-?(\d{4})$/;

function hmacHex(secret: string | Buffer, text: string): string {
  if (secret.length === 0) throw new Error('the CPR hash key must not be empty');
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/**
 * The citizen key: HMAC-SHA256 (hex, 64 characters) of the ten CPR digits with the secret
 * `CPR_HASH_KEY`. Used for storage, distribution and logs instead of the number. The hyphen does not
 * change the key. Only the format is checked here, so a key exists for any ten-digit number.
 */
export function cprKey(cpr: Cpr | string, secret: string | Buffer): string {
  const text = typeof cpr === 'string' ? cpr : cpr.digits;
  const m = CPR_DIGITS.exec(text);
  if (!m) throw new InvalidCprError('format');
  return hmacHex(secret, `${m[1]}${m[2]}`);
}

/**
 * The key of a party URN: `cprKey` of the number for a CPR URN (so a person has one key whichever
 * way the number arrives), otherwise the HMAC of the URN itself (a company or production unit as
 * primary party). Throws for a string that is not a party URN.
 */
export function partyKey(urn: string, secret: string | Buffer): string {
  const party = parsePartyUrn(urn);
  if (!party) throw new Error('not a party URN (urn:oio:cpr-nr, urn:oio:cvr-nr or urn:oio:pnr)');
  return party.kind === 'cpr' ? cprKey(party.value, secret) : hmacHex(secret, urn);
}
