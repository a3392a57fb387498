import { createHash } from 'node:crypto';

/** Why a client read a citizen's data; the citizen reads the Danish text in their access log. */
export const ACCESS_PURPOSES = {
  MIT_OVERBLIK: 'Visning af dine sager og ydelser på Mit Overblik',
  INDSIGT: 'Din egen indsigt i, hvem der har set dine oplysninger',
  SUPPORT: 'Hjælp til dig efter din henvendelse',
} as const;
export type AccessPurpose = keyof typeof ACCESS_PURPOSES;

/** One read of one citizen's data. The citizen appears only as the keyed hash (citizen key). */
export interface AccessLogEntry {
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  clientId: string;
  purpose: string;
  citizenKey: string;
  municipalities: string[];
  recordIds: string[];
  flagged: boolean;
}

export interface ChainedAccessLogEntry extends AccessLogEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the previous hash and the entry's fields in a fixed order. */
export function accessLogHash(prevHash: string, seq: number, e: AccessLogEntry): string {
  const canonical = JSON.stringify([
    prevHash,
    seq,
    e.at,
    e.clientId,
    e.purpose,
    e.citizenKey,
    e.municipalities,
    e.recordIds,
    e.flagged,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Chain entries after the given head. */
export function chainAccessLog(
  head: { seq: number; hash: string },
  entries: readonly AccessLogEntry[],
): ChainedAccessLogEntry[] {
  let { seq, hash } = head;
  return entries.map((e) => {
    seq += 1;
    const prevHash = hash;
    hash = accessLogHash(prevHash, seq, e);
    return { ...e, seq, prevHash, hash };
  });
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** The first sequence number where the chain breaks (changed, removed or inserted row). */
  brokenAt?: number;
}

/**
 * Check a run of stored entries (in seq order) against the hash before them. Resumable: pass the last
 * entry's hash and seq of the previous run.
 */
export function verifyAccessLog(
  entries: readonly ChainedAccessLogEntry[],
  before: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainCheck & { last: { seq: number; hash: string } } {
  let prev = before;
  let checked = 0;
  for (const e of entries) {
    if (e.seq !== prev.seq + 1 || e.prevHash !== prev.hash || accessLogHash(prev.hash, e.seq, e) !== e.hash) {
      return { ok: false, checked, brokenAt: prev.seq + 1, last: prev };
    }
    prev = { seq: e.seq, hash: e.hash };
    checked += 1;
  }
  return { ok: true, checked, last: prev };
}
