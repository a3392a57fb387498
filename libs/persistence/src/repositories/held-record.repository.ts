import type { DataSource } from 'typeorm';

export interface HeldRecord {
  id: string;
  objectId: string;
  kind: string;
  ownerCvr: string;
  pointer: string;
  reason: string;
  heldAt: string;
}

/** What the safety net holds back from citizens, per municipality, and its release. */
export class HeldRecordRepository {
  constructor(private readonly db: DataSource) {}

  async listOpen(ownerCvr: string, after = '0', limit = 100): Promise<HeldRecord[]> {
    return this.db.query(
      `select id::text, object_id as "objectId", kind, owner_cvr as "ownerCvr", pointer, reason, held_at as "heldAt"
         from held_record where owner_cvr = $1 and released_at is null and id > $2 order by id limit $3`,
      [ownerCvr, after, limit],
    );
  }

  /**
   * Release one held record of this municipality; returns the object it belongs to and the citizen keys
   * whose read model changes (re-project them with IndexWriteRepository.reproject, serialised with that object).
   */
  async release(
    id: string,
    ownerCvr: string,
    releasedBy: string,
  ): Promise<{ objectId: string; citizenKeys: string[] } | undefined> {
    return this.db.transaction(async (tx) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affected]
      const [rows]: [Array<{ object_id: string }>, number] = await tx.query(
        `update held_record set released_at = now(), released_by = $3
          where id = $1 and owner_cvr = $2 and released_at is null returning object_id`,
        [id, ownerCvr, releasedBy],
      );
      const objectId = rows[0]?.object_id;
      if (!objectId) return undefined;
      const keys: Array<{ k: string }> = await tx.query(
        `select citizen_key as k from object_locator where id = $1
         union select citizen_key from sag_dokument where dokument_id = $1`,
        [objectId],
      );
      return { objectId, citizenKeys: keys.map((k) => k.k) };
    });
  }
}
