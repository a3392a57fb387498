import {
  aDokument,
  aParty,
  aSag,
  projectCitizenOverview,
  syntheticUuid,
  type CitizenOverviewDocument,
} from '@overblik/domain';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { IndexWriteSession } from '../repositories/index-write.repository';
import { OwnDocumentsOnly1732300018000 } from './1732300018000-own-documents-only.migration';

let db: OwnTestDatabase;
const CITIZEN = 'citizen-with-old-links';
const UNTOUCHED = 'citizen-with-own-letter';
const party = aParty({ cprSeed: 41 });
const ids = {
  own: syntheticUuid('migration-own-letter'),
  removed: syntheticUuid('migration-removed-letter'),
  foreign: syntheticUuid('migration-foreign-letter'),
  untouched: syntheticUuid('migration-untouched-letter'),
};
const sag = aSag({
  uuid: syntheticUuid('migration-sag'),
  primaerPart: party,
  journalposter: [{ dokumentUuid: ids.own }, { dokumentUuid: ids.removed }, { dokumentUuid: ids.foreign }],
});
const otherSag = aSag({
  uuid: syntheticUuid('migration-other-sag'),
  primaerPart: aParty({ cprSeed: 42 }),
  journalposter: [{ dokumentUuid: ids.untouched }],
});

async function insert(citizenKey: string, s: typeof sag, docs: Array<{ id: string; body: unknown }>): Promise<void> {
  await db.dataSource.query(
    `insert into sag (citizen_key, id, owner_cvr, master_fagsystem, kle, opstaaet_at, source_tidspunkt, body)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      citizenKey,
      s.uuid,
      s.ejer.cvr,
      s.itSystem.master,
      s.primaerKlasse.kle,
      s.fremdrift[0]!.virkning.fra,
      s.tidspunkt,
      s,
    ],
  );
  for (const d of docs) {
    await db.dataSource.query(
      `insert into dokument (citizen_key, id, owner_cvr, master_fagsystem, dokumenttype, source_tidspunkt, body)
       values ($1, $2, '29100001', 'fs-jobnet', 'Brev, udgaaende', now(), $3)`,
      [citizenKey, d.id, d.body],
    );
    await db.dataSource.query('insert into sag_dokument (citizen_key, sag_id, dokument_id) values ($1, $2, $3)', [
      citizenKey,
      s.uuid,
      d.id,
    ]);
  }
  // the read model as it stood: every stored document on the case
  await db.dataSource.transaction(async (tx) => {
    const session = new IndexWriteSession(tx);
    const rows = (await session.citizenRows([citizenKey])).get(citizenKey)!;
    await session.saveOverviews([{ citizenKey, body: projectCitizenOverview(rows) }]);
  });
}

const readModel = async (citizenKey: string) => {
  const [row] = await db.dataSource.query('select body, revision from citizen_overview where citizen_key = $1', [
    citizenKey,
  ]);
  return row as { body: CitizenOverviewDocument; revision: string };
};
const shown = (body: CitizenOverviewDocument) => body.sager.flatMap((s) => s.dokumenter.map((d) => d.id)).sort();

beforeAll(async () => {
  db = await createOwnTestDatabase({ migrate: true });
  await insert(CITIZEN, sag, [
    { id: ids.own, body: aDokument({ uuid: ids.own, parter: [party] }) },
    { id: ids.removed, body: aDokument({ uuid: ids.removed, parter: [party] }) },
    { id: ids.foreign, body: aDokument({ uuid: ids.foreign, parter: [party] }) },
  ]);
  await insert(UNTOUCHED, otherSag, [
    {
      id: ids.untouched,
      body: aDokument({ uuid: ids.untouched, parter: otherSag.primaerPart ? [otherSag.primaerPart] : [] }),
    },
  ]);
  // what earlier versions left: a letter its master removed kept for the case, and a letter moved to another party
  await db.dataSource.query('update dokument set master_removed_at = now() where id = $1', [ids.removed]);
  await db.dataSource.query(`update dokument set body = jsonb_set(body, '{parter}', $2::jsonb) where id = $1`, [
    ids.foreign,
    JSON.stringify([aParty({ cprSeed: 43 })]),
  ]);
});
afterAll(() => db?.drop());

describe('the migration to own documents only', () => {
  it("takes removed and other parties' letters out of the read models that show them, and deletes the removed ones", async () => {
    const before = await readModel(CITIZEN);
    const untouched = await readModel(UNTOUCHED);
    expect(shown(before.body)).toEqual([ids.own, ids.removed, ids.foreign].sort());

    const runner = db.dataSource.createQueryRunner();
    try {
      await new OwnDocumentsOnly1732300018000().up(runner);
    } finally {
      await runner.release();
    }

    const after = await readModel(CITIZEN);
    expect(shown(after.body)).toEqual([ids.own]);
    expect(Number(after.revision)).toBeGreaterThan(Number(before.revision));
    expect(await readModel(UNTOUCHED)).toEqual(untouched);
    expect(await db.dataSource.query('select id from dokument where id = $1', [ids.removed])).toEqual([]);
  });
});
