import type { MigrationInterface, QueryRunner } from 'typeorm';
import { projectCitizenOverview } from '@overblik/domain';
import { IndexWriteSession } from '../repositories/index-write.repository';

/** Citizens projected again per statement round. */
const BATCH = 500;

/**
 * Data: documents their master removed, which earlier versions kept while a case linked them, are
 * deleted; and every citizen whose case links such a document, or a document of another party,
 * municipality or fagsystem (SAG-JOURNALPOST-FOREIGN-DOKUMENT), gets a read model projected again with
 * today's rules. Its revision moves, so the stored answers rendered from the old one are not served.
 */
export class OwnDocumentsOnly1732300018000 implements MigrationInterface {
  name = 'OwnDocumentsOnly1732300018000';

  async up(q: QueryRunner): Promise<void> {
    const rows: Array<{ citizen_key: string }> = await q.query(`
      select distinct sd.citizen_key
        from sag_dokument sd
        join sag s on s.citizen_key = sd.citizen_key and s.id = sd.sag_id
        join dokument d on d.id = sd.dokument_id
       where d.master_removed_at is not null
          or d.owner_cvr <> s.owner_cvr
          or d.master_fagsystem <> s.master_fagsystem
          or not exists (select 1 from jsonb_array_elements(coalesce(d.body->'parter', '[]'::jsonb)) p
                          where p->>'urn' = s.body->'primaerPart'->>'urn')
       order by 1`);
    await q.query(
      'delete from held_record where object_id in (select id from dokument where master_removed_at is not null)',
    );
    await q.query('delete from dokument where master_removed_at is not null');
    const session = new IndexWriteSession(q.manager);
    const keys = rows.map((r) => r.citizen_key);
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      const stored = await session.citizenRows(batch);
      await session.saveOverviews(
        batch.map((citizenKey) => {
          const citizen = stored.get(citizenKey);
          return { citizenKey, body: citizen ? projectCitizenOverview(citizen) : null };
        }),
      );
    }
  }

  async down(): Promise<void> {
    // deleted documents and the read models before are not restored
  }
}
