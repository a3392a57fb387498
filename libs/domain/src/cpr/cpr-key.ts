import { createHmac } from 'node:crypto';
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
