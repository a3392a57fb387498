import { parseCpr, toCpr, type Cpr } from './cpr';

export const CPR_URN_PREFIX = 'urn:oio:cpr-nr:';
export const CVR_URN_PREFIX = 'urn:oio:cvr-nr:';
export const PNR_URN_PREFIX = 'urn:oio:pnr:';

/** The structure of a party URN: a CPR number (10 digits), a CVR number (8) or a P-number (10). */
export const PARTY_URN_PATTERN = /^urn:oio:(?:cpr-nr:\d{10}|cvr-nr:\d{8}|pnr:\d{10})$/;

export type PartyUrn =
  | { kind: 'cpr'; value: string; cpr: Cpr }
  | { kind: 'cvr'; value: string }
  | { kind: 'pnr'; value: string };

/**
 * Reads a party URN. Undefined when the structure is wrong or a CPR URN holds no valid CPR number
 * (a date that does not exist). Prefixes are lower case, as the standard writes them.
 */
export function parsePartyUrn(urn: string): PartyUrn | undefined {
  if (!PARTY_URN_PATTERN.test(urn)) return undefined;
  if (urn.startsWith(CPR_URN_PREFIX)) {
    const value = urn.slice(CPR_URN_PREFIX.length);
    const parsed = parseCpr(value);
    return parsed.ok ? { kind: 'cpr', value, cpr: parsed.cpr } : undefined;
  }
  if (urn.startsWith(CVR_URN_PREFIX)) return { kind: 'cvr', value: urn.slice(CVR_URN_PREFIX.length) };
  return { kind: 'pnr', value: urn.slice(PNR_URN_PREFIX.length) };
}

/** Whether the string is a usable party URN (see `parsePartyUrn`). */
export function isPartyUrn(urn: string): boolean {
  return parsePartyUrn(urn) !== undefined;
}

/** `urn:oio:cpr-nr:NNNNNNNNNN`; throws `InvalidCprError` for a string that is not a CPR number. */
export function cprUrn(cpr: Cpr | string): string {
  return `${CPR_URN_PREFIX}${toCpr(cpr).digits}`;
}

/** `urn:oio:cvr-nr:NNNNNNNN`; throws for anything but eight digits. */
export function cvrUrn(cvr: string): string {
  if (!/^\d{8}$/.test(cvr)) throw new Error('a CVR number has eight digits');
  return `${CVR_URN_PREFIX}${cvr}`;
}
