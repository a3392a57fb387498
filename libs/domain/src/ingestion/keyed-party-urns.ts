import { partyUrnKeys } from '../cpr/keyed-party-urn';
import type { ApplyPlan } from './apply-plan.types';

/**
 * Tells the writer, for each index row and history entry of the plan, which CPR URNs its body holds and
 * the keyed URN to store instead, so the index keeps no CPR number. The bodies in the plan stay as they
 * are (the writer replaces the strings where it stores them, also when it copies a body from the inbox).
 */
export function keyPartyUrns<
  P extends Pick<ApplyPlan, 'sager' | 'dokumenter' | 'bevillinger' | 'effektueringer' | 'registrations'>,
>(plan: P, secret: string | Buffer): P {
  for (const row of [...plan.sager, ...plan.dokumenter, ...plan.bevillinger, ...plan.effektueringer])
    row.partyUrnKeys = partyUrnKeys(row.body, secret);
  for (const r of plan.registrations) r.partyUrnKeys = r.body === null ? [] : partyUrnKeys(r.body, secret);
  return plan;
}

/** A body with each CPR URN of `pairs` replaced by its keyed form, as the index stores it. */
export function keyedBody<T>(body: T, pairs: ReadonlyArray<readonly [string, string]> | undefined): T {
  if (!pairs?.length) return body;
  let text = JSON.stringify(body);
  for (const [clear, keyed] of pairs) text = text.split(JSON.stringify(clear)).join(JSON.stringify(keyed));
  return JSON.parse(text) as T;
}
