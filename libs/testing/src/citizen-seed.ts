import type { DataSource } from 'typeorm';
import {
  type Bevilling,
  cprKey,
  type Dokument,
  type Effektuering,
  projectCitizenOverview,
  type Sag,
} from '@overblik/domain';
import { IndexWriteRepository } from '@overblik/persistence';
import { TEST_CPR_HASH_KEY } from './app-boot.contract';

export interface CitizenSeed {
  cpr: string;
  sager?: Sag[];
  dokumenter?: Dokument[];
  bevillinger?: Bevilling[];
  effektueringer?: Effektuering[];
  /** Texts the safety net holds: object id and the JSON pointer of the field. */
  held?: Array<{ objectId: string; pointer: string; reason?: string }>;
}

/**
 * Seed one citizen's read model the way the worker writes it: the objects go through the real
 * projection (libs/domain) and into `citizen_overview` through the index write repository. Documents are
 * linked to a case through the case's `journalposter` (`dokumentUuid`). Returns the citizen key.
 */
export async function seedCitizenOverview(
  db: DataSource,
  seed: CitizenSeed,
  secret = TEST_CPR_HASH_KEY,
): Promise<string> {
  const citizenKey = cprKey(seed.cpr, secret);
  const rows = {
    sager: (seed.sager ?? []).map((s) => ({
      id: s.uuid,
      body: s,
      links: (s.journalposter ?? []).flatMap((j) =>
        'dokumentUuid' in j ? [{ dokumentId: j.dokumentUuid, titel: j.titel ?? null }] : [],
      ),
    })),
    dokumenter: (seed.dokumenter ?? []).map((d) => ({ id: d.uuid, body: d })),
    bevillinger: (seed.bevillinger ?? []).map((b) => ({ id: b.uuid, body: b })),
    effektueringer: (seed.effektueringer ?? []).map((e) => ({ id: e.uuid, body: e })),
    held: (seed.held ?? []).map((h) => ({ objectId: h.objectId, pointer: h.pointer, reason: h.reason ?? 'CPR-LIKE' })),
  };
  await new IndexWriteRepository(db).inTransaction((session) =>
    session.saveOverviews([{ citizenKey, body: projectCitizenOverview(rows) }]),
  );
  return citizenKey;
}
