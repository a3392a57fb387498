import type { DataSource } from 'typeorm';

export interface ObjectOwnership {
  id: string;
  kind: string;
  ownerCvr: string;
  masterFagsystem: string;
}

/** What the intake needs to decide whether a vendor may write: connections and current masters. */
export class OwnershipRepository {
  constructor(private readonly db: DataSource) {}

  /** Municipalities (CVR) whose connection to this fagsystem lets it deliver (pilot, certified, rolled out). */
  async deliveringMunicipalities(fagsystemId: string): Promise<Set<string>> {
    const rows: Array<{ cvr: string }> = await this.db.query(
      `select municipality_cvr as cvr from fagsystem_connection
        where fagsystem_id = $1 and status in ('PILOT','CERTIFIED','ROLLED_OUT')`,
      [fagsystemId],
    );
    return new Set(rows.map((r) => r.cvr));
  }

  async fagsystemExists(fagsystemId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('select 1 from fagsystem where id = $1', [fagsystemId]);
    return rows.length > 0;
  }

  async owners(ids: string[]): Promise<ObjectOwnership[]> {
    if (!ids.length) return [];
    return this.db.query(
      `select id, kind, owner_cvr as "ownerCvr", master_fagsystem as "masterFagsystem"
         from object_locator where id = any($1::uuid[])`,
      [ids],
    );
  }
}
