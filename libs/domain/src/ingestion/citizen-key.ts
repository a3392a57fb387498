import { createHmac } from 'node:crypto';
import { cprKey } from '../cpr/cpr-key';

const CPR_URN = /^urn:oio:cpr-nr:(\d{10})$/;

interface PartyHolder {
  objectType: string;
  primaerPart?: { urn: string };
  parter?: Array<{ urn: string }>;
  part?: { urn: string };
}

/** The party an object belongs to: a case's primary party, a grant's or payment's party, a document's first CPR party. */
export function primaryPartyOf(o: PartyHolder): { urn: string } | undefined {
  switch (o.objectType) {
    case 'sag':
      return o.primaerPart;
    case 'dokument':
      return o.parter?.find((p) => CPR_URN.test(p.urn)) ?? o.parter?.[0];
    default:
      return o.part;
  }
}

/**
 * The citizen key: HMAC-SHA256 (hex) of the 10 CPR digits for a person; for another kind of party a
 * keyed hash of its URN; for an object without a party a key per owning municipality. Only the first
 * kind is ever served to a citizen.
 */
export function citizenKeyOfParty(party: { urn: string } | undefined, ownerCvr: string, secret: string): string {
  const cpr = party && CPR_URN.exec(party.urn)?.[1];
  if (cpr) return cprKey(cpr, secret);
  if (party) return `u:${createHmac('sha256', secret).update(party.urn).digest('hex')}`;
  return `none:${ownerCvr}`;
}

export function isCitizenKeyOfPerson(key: string): boolean {
  return /^[0-9a-f]{64}$/.test(key);
}
