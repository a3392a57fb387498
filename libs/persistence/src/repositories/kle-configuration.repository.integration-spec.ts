import type { KleConfigLine } from '@overblik/domain';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { KleConfigStateError, KleConfigurationRepository } from './kle-configuration.repository';
import { type KleConfigRow, ReferenceDataRepository } from './reference-data.repository';

const CVR = '29189846';
const OTHER = '29189900';
const FS = 'fs-kle-config';
const ADMIN1 = { subject: 'admin1-29189846', name: 'Admin Et' };
const ADMIN2 = { subject: 'admin2-29189846', name: 'Admin To' };

const aLine = (kle: string, overrides: Partial<KleConfigLine> = {}): KleConfigLine => ({
  kle,
  shown: true,
  fraDato: '2020-01-01',
  activeCaseOverride: false,
  titleSource: 'KLE',
  documentTitles: false,
  selfserviceUrl: null,
  borgerdkUrl: null,
  fagsystemFilter: [],
  contactPoints: [],
  ...overrides,
});

const liveRow = (municipalityCvr: string, line: KleConfigLine): KleConfigRow => ({
  municipalityCvr,
  ...line,
  contactPoints: [],
});

let db: OwnTestDatabase;
let repo: KleConfigurationRepository;

const configVersion = async (): Promise<string> =>
  ((await db.dataSource.query('select version::text as v from configuration_version')) as Array<{ v: string }>)[0]!.v;

beforeAll(async () => {
  db = await createOwnTestDatabase({ migrate: true });
  const ref = new ReferenceDataRepository(db.dataSource);
  await ref.upsertMunicipalities([
    { cvr: CVR, name: 'Testby Kommune' },
    { cvr: OTHER, name: 'Andenby Kommune' },
  ]);
  await ref.upsertFagsystems([
    { id: FS, vendor: 'Test A/S', product: 'Test Job', version: '1', category: 'JOBCENTER' },
  ]);
  await ref.connect(CVR, FS, 'ROLLED_OUT');
  await ref.saveKleConfig(liveRow(CVR, aLine('32.24.04', { fagsystemFilter: [FS] })));
  await ref.saveKleConfig(liveRow(OTHER, aLine('32.24.04')));
  repo = new KleConfigurationRepository(db.dataSource);
}, 60_000);

afterAll(async () => db?.drop());

describe('KleConfigurationRepository', () => {
  it('seeds etape 1 (2020) with its emner', async () => {
    const [etape] = await repo.etaper();
    expect(etape).toMatchObject({ nr: 1, year: 2020 });
    expect(etape!.emner).toContain('32.24.04');
  });

  it('keeps the configuration as first read as version 0', async () => {
    const versions = await repo.versions(CVR);
    expect(versions.map((v) => [v.version, v.reason])).toEqual([[0, 'Før administration']]);
    expect(versions[0]!.snapshot.lines).toEqual([aLine('32.24.04', { fagsystemFilter: [FS] })]);
  });

  it('publishes a submitted draft atomically and bumps the configuration version', async () => {
    const draft = {
      lines: [
        aLine('32.24.04', { fraDato: '2019-06-01' }),
        aLine('15.17.06', {
          contactPoints: [{ type: 'TELEFON', value: '70102030', label: 'Jobcentret' }],
        }),
      ],
    };
    await repo.saveDraft(CVR, ADMIN1, draft);
    await expect(repo.publish(CVR, ADMIN2, 'før indsendelse')).rejects.toMatchObject({ code: 'NOT-SUBMITTED' });
    await repo.submit(CVR, ADMIN1.subject);
    await expect(repo.publish(CVR, ADMIN1, 'selv')).rejects.toBeInstanceOf(KleConfigStateError);
    const before = await configVersion();
    const version = await repo.publish(CVR, ADMIN2, 'Ny fra-dato');
    expect(version).toMatchObject({ version: 1, author: ADMIN1, approver: ADMIN2, rolledBackFrom: null });
    expect(await repo.liveSnapshot(CVR)).toEqual({ lines: [draft.lines[1], draft.lines[0]] });
    expect(BigInt(await configVersion())).toBeGreaterThan(BigInt(before));
    expect(await repo.draft(CVR)).toBeNull();
    expect((await repo.liveSnapshot(OTHER)).lines).toEqual([aLine('32.24.04')]);
  });

  it('writes nothing when publishing fails mid-way', async () => {
    const failing = new KleConfigurationRepository(db.dataSource, async () => {
      throw new Error('disk full');
    });
    const live = await repo.liveSnapshot(CVR);
    await repo.saveDraft(CVR, ADMIN1, { lines: [aLine('32.24.12')] });
    await repo.submit(CVR, ADMIN1.subject);
    await expect(failing.publish(CVR, ADMIN2, 'fejler')).rejects.toThrow('disk full');
    expect(await repo.liveSnapshot(CVR)).toEqual(live);
    expect((await repo.versions(CVR)).map((v) => v.version)).toEqual([1, 0]);
    expect((await repo.draft(CVR))?.submittedAt).not.toBeNull();
    // a fagsystem that does not exist breaks a foreign key inside the transaction: same result
    await repo.saveDraft(CVR, ADMIN1, { lines: [aLine('32.24.12', { fagsystemFilter: ['findes-ikke'] })] });
    await repo.submit(CVR, ADMIN1.subject);
    await expect(repo.publish(CVR, ADMIN2, 'fejler')).rejects.toThrow();
    expect(await repo.liveSnapshot(CVR)).toEqual(live);
    await repo.deleteDraft(CVR);
  });

  it('refuses a version whose approver is its author, even past the repository', async () => {
    await expect(
      db.dataSource.query(
        `insert into kle_config_version (municipality_cvr, version, snapshot, author_subject, author_name,
           approver_subject, approver_name, reason) values ($1, 99, '{"lines":[]}', 'a', 'A', 'a', 'A', 'x')`,
        [CVR],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('rolls back to an earlier version in one step, recording who and why', async () => {
    const rolled = await repo.rollback(CVR, 0, ADMIN2, 'Forkert fra-dato');
    expect(rolled).toMatchObject({ version: 2, rolledBackFrom: 0, author: ADMIN2, approver: null });
    expect(await repo.liveSnapshot(CVR)).toEqual({ lines: [aLine('32.24.04', { fagsystemFilter: [FS] })] });
    await expect(repo.rollback(CVR, 42, ADMIN2, 'x')).rejects.toMatchObject({ code: 'NO-VERSION' });
  });
});
