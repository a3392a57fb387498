import { cprKey } from './cpr-key';
import { CPR_URN_PREFIX } from './party-urn';

/**
 * A person party as the index stores it: the citizen key (`cprKey`) in place of the number. Nothing
 * that serves a citizen needs the number itself, and the key is what the citizen is found by.
 */
export const KEYED_CPR_URN_PREFIX = 'urn:overblik:cpr-key:';

const CPR_URN = /^urn:oio:cpr-nr:(\d{10})$/;
const PERSON_URN = /^(?:urn:oio:cpr-nr:\d{10}|urn:overblik:cpr-key:[0-9a-f]{64})$/;

/** `urn:overblik:cpr-key:<citizen key>` for a CPR URN; throws for anything else. */
export function keyedCprUrn(urn: string, secret: string | Buffer): string {
  const digits = CPR_URN.exec(urn)?.[1];
  if (!digits) throw new Error(`not a CPR URN (${CPR_URN_PREFIX}<10 digits>)`);
  return `${KEYED_CPR_URN_PREFIX}${cprKey(digits, secret)}`;
}

/** Whether a party URN names a person: a CPR URN as delivered, or its keyed form as stored. */
export function isPersonPartyUrn(urn: string | undefined): boolean {
  return urn !== undefined && PERSON_URN.test(urn);
}

/** Every distinct CPR URN held as a whole string anywhere in `value` (field names too), in order of first sight. */
export function cprUrnsIn(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (CPR_URN.test(v)) found.add(v);
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (CPR_URN.test(k)) found.add(k);
        walk(x);
      }
    }
  };
  walk(value);
  return [...found];
}

/** Each CPR URN in `value` with the keyed URN that replaces it in storage (none: an empty list). */
export function partyUrnKeys(value: unknown, secret: string | Buffer): Array<[string, string]> {
  return cprUrnsIn(value).map((urn) => [urn, keyedCprUrn(urn, secret)]);
}
