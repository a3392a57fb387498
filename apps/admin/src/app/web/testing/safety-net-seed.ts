import type { DataSource } from 'typeorm';
import type { aSag } from '@overblik/domain';
import { TEST_FAGSYSTEM } from '@overblik/testing';

type Sag = ReturnType<typeof aSag>;

/** A case stored in the index as the worker leaves it (locator and row), not held. */
export async function seedStoredCase(db: DataSource, citizenKey: string, sag: Sag): Promise<void> {
  await db.query(
    `insert into object_locator (id, kind, citizen_key, owner_cvr, master_fagsystem, source_tidspunkt) values ($1,'sag',$2,$3,$4,$5)`,
    [sag.uuid, citizenKey, sag.ejer.cvr, TEST_FAGSYSTEM.id, sag.tidspunkt],
  );
  await db.query(
    `insert into sag (citizen_key, id, owner_cvr, master_fagsystem, kle, opstaaet_at, source_tidspunkt, body) values ($1,$2,$3,$4,$5,$6,$6,$7)`,
    [citizenKey, sag.uuid, sag.ejer.cvr, TEST_FAGSYSTEM.id, sag.primaerKlasse.kle, sag.tidspunkt, JSON.stringify(sag)],
  );
}

/** A stored case whose title the safety net held; returns the held record's id. */
export async function seedHeldCase(db: DataSource, citizenKey: string, sag: Sag, reason: string): Promise<string> {
  await seedStoredCase(db, citizenKey, sag);
  const rows: Array<{ id: string }> = await db.query(
    `insert into held_record (citizen_key, object_id, kind, owner_cvr, pointer, reason) values ($1,$2,'sag',$3,'/object/titel',$4) returning id::text`,
    [citizenKey, sag.uuid, sag.ejer.cvr, reason],
  );
  return rows[0]!.id;
}
