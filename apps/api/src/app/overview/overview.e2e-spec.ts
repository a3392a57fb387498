import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import {
  aBevilling,
  aDokument,
  anEffektuering,
  aParty,
  aSag,
  aSyntheticCpr,
  aVirkning,
  cprKey,
  danishDay,
  type Bevilling,
  type Effektuering,
  overviewResponseSchema,
  type OverviewResponse,
  type Sag,
  syntheticUuid,
} from '@overblik/domain';
import { compressCitizenPart } from '@overblik/overview-answer';
import { AccessLogRepository, ReferenceDataRepository } from '@overblik/persistence';
import { generateDevKeyPair, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  type AppProcess,
  createTestDatabase,
  createTestRedis,
  freePort,
  OTHER_FAGSYSTEM,
  OTHER_MUNICIPALITY,
  seedCitizenOverview,
  seedTestReference,
  startApp,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';

const CLIENT = 'mitoverblik-orchestration';
const TEST = TEST_MUNICIPALITY.cvr;
const owned = (cvr = TEST, fs = TEST_FAGSYSTEM.id) => ({ ejer: { cvr }, itSystem: { master: fs, afsender: fs } });

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
let otherKeys: DevKeyPair;
let api: AppProcess;
let limited: AppProcess;
let url: string;
let limitedUrl: string;
let token: string;
const usedCprs: string[] = [];
/** CPR-shaped but month 13: nobody's number; sent once to be refused, and scanned for like the others. */
const IMPOSSIBLE_DATE_CPR = '3113401234';
usedCprs.push(IMPOSSIBLE_DATE_CPR);
/** A synthetic CPR-like number in a case title, which the safety net held. */
const HELD_NUMBER = aSyntheticCpr(300);

function cprOf(seed: number): string {
  const cpr = aSyntheticCpr(seed);
  usedCprs.push(cpr);
  return cpr;
}

const mint = (o: Partial<Parameters<typeof mintToken>[0]> & { keys?: DevKeyPair } = {}) =>
  mintToken({
    privateJwk: (o.keys ?? keys).privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-overview',
    subject: CLIENT,
    scope: 'overview:read',
    ...o,
  });

const assertionFor = (cpr: string, client = CLIENT, o: { expiresIn?: string } = {}) =>
  mint({
    issuer: 'overblik-dev-login',
    subject: 'login-session-1',
    scope: 'citizen',
    claims: { cpr, azp: client },
    ...o,
  });

function ask(
  cpr: string,
  o: { token?: string; assertion?: string; etag?: string; base?: string; kommuner?: string[] } = {},
) {
  let r = request(o.base ?? url)
    .post('/v1/overview')
    .set('Authorization', `Bearer ${o.token ?? token}`);
  if (o.assertion) r = r.set('X-Citizen-Assertion', o.assertion);
  if (o.etag) r = r.set('If-None-Match', o.etag);
  return r.send({ cpr, formaal: 'MIT_OVERBLIK', ...(o.kommuner ? { kommuner: o.kommuner } : {}) });
}

/** The overview as it comes over the wire, its bytes undecoded (supertest would gunzip them). */
function askRaw(
  cpr: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  const body = JSON.stringify({ cpr, formaal: 'MIT_OVERBLIK' });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/v1/overview`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }))
          .on('error', reject);
      },
    );
    req.on('error', reject).end(body);
  });
}

const sagIds = (body: OverviewResponse) => body.kommuner.flatMap((k) => k.sager.map((s) => s.id)).sort();

/** One case per display rule: the ones named `shown-*` pass every rule, each `hidden-*` fails one. */
function casesForEveryRule(cprSeed: number): Record<string, Sag> {
  const party = aParty({ cprSeed });
  const sag = (name: string, o: Partial<Sag> = {}): Sag =>
    aSag({ uuid: syntheticUuid(`e2e:${cprSeed}:${name}`), primaerPart: party, ...owned(), ...o });
  const old = (afsluttet: boolean): Partial<Sag> => ({
    fremdrift: [
      { tilstand: 'Opstaaet', virkning: aVirkning('2019-03-01T09:00:00Z') },
      ...(afsluttet ? [{ tilstand: 'Afsluttet' as const, virkning: aVirkning('2019-06-01T09:00:00Z') }] : []),
    ],
  });
  return {
    'shown-plain': sag('shown-plain'),
    'hidden-primary-party-not-cpr': sag('not-cpr', {
      primaerPart: aParty({ urn: 'urn:oio:cvr-nr:12345678', navn: 'Firma ApS' }),
    }),
    'shown-other-connected-fagsystem': sag('esdh', owned(TEST, OTHER_FAGSYSTEM.id)),
    'hidden-not-connected': sag('not-connected', owned(OTHER_MUNICIPALITY.cvr, TEST_FAGSYSTEM.id)),
    'hidden-kle-not-opened': sag('kle-closed', { primaerKlasse: { kle: '15.20.24', virkning: aVirkning() } }),
    'shown-active-before-fra-dato': sag('old-active', old(false)),
    'hidden-closed-before-fra-dato': sag('old-closed', old(true)),
    'hidden-undtaget': sag('undtaget', { visningsklasser: [{ kode: 'UNDTAGET_FOR_BORGER', virkning: aVirkning() }] }),
    'hidden-held': sag('held', { titel: `Sag om ${HELD_NUMBER}` }),
  };
}

beforeAll(async () => {
  [db, redis, keys, otherKeys] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    generateDevKeyPair('e2e'),
    generateDevKeyPair('forger'),
  ]);
  await seedTestReference(db.dataSource);
  const [port, limitedPort] = [await freePort(), await freePort()];
  const env = testEnv(db, {
    QUEUE_PREFIX: redis.prefix,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    API_PORT: String(port),
    OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: '1000',
  });
  [api, limited] = await Promise.all([
    startApp('api', env),
    startApp('api', {
      ...env,
      API_PORT: String(limitedPort),
      QUEUE_PREFIX: `${redis.prefix}-l`,
      OVERVIEW_RATE_LIMIT_PER_SECOND: '3',
      OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: '2',
      OVERVIEW_SLOWDOWN_MS: '300',
    }),
  ]);
  url = `http://127.0.0.1:${port}`;
  limitedUrl = `http://127.0.0.1:${limitedPort}`;
  token = await mint();
}, 90_000);

/** SIGTERM, and SIGKILL if the process has not stopped within 15 s (a slow machine must not hang the run). */
const stopWithin = (p: AppProcess | undefined) =>
  p
    ? Promise.race([p.stop(), new Promise<void>((r) => setTimeout(r, 15_000).unref()).then(() => p.kill())])
    : undefined;

afterAll(async () => {
  await Promise.all([stopWithin(api), stopWithin(limited)]);
  await redis?.drop();
  await db?.drop();
}, 60_000);

describe('POST /v1/overview: the display rules on the real stack', () => {
  const cpr = () => aSyntheticCpr(101);
  let cases: Record<string, Sag>;

  beforeAll(async () => {
    cprOf(101);
    cases = casesForEveryRule(101);
    await seedCitizenOverview(db.dataSource, {
      cpr: cpr(),
      sager: Object.values(cases),
      held: [{ objectId: cases['hidden-held']!.uuid, pointer: '/object/titel' }],
    });
  });

  it('shows exactly the cases that pass every rule, grouped per municipality, in the schema', async () => {
    const res = await ask(cpr());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(overviewResponseSchema.safeParse(res.body).error).toBeUndefined();
    const expected = Object.entries(cases)
      .filter(([name]) => name.startsWith('shown-'))
      .map(([, s]) => s.uuid)
      .sort();
    expect(sagIds(res.body)).toEqual(expected);
    expect(res.body.kommuner.map((k: { cvr: string; navn: string }) => [k.cvr, k.navn])).toEqual([
      [TEST, TEST_MUNICIPALITY.name],
    ]);
    const shown = res.body.kommuner[0].sager.find((s: { id: string }) => s.id === cases['shown-plain']!.uuid);
    expect(shown).toMatchObject({
      titel: 'Hjælp til forsørgelse (kontanthjælp mv.)',
      status: { kode: 1, tekst: 'Oprettet' },
      behandlesAf: { type: 'KOMMUNE', navn: TEST_MUNICIPALITY.name },
    });
  });

  it('never answers with caseworker names, the held title or the exempt case', async () => {
    const text = JSON.stringify((await ask(cpr())).body);
    for (const hidden of [HELD_NUMBER, 'Firma ApS', 'urn:oio:org-enhed', cases['hidden-undtaget']!.uuid])
      expect(text).not.toContain(hidden);
  });

  it('applies a fagsystem filter on the next call, and the ETag moves with it', async () => {
    const before = await ask(cpr());
    const again = await ask(cpr(), { etag: before.headers['etag'] });
    expect(again.status).toBe(304);
    const repo = new ReferenceDataRepository(db.dataSource);
    await repo.saveKleConfig({
      municipalityCvr: TEST,
      kle: '32.24.04',
      shown: true,
      fraDato: '2020-01-01',
      activeCaseOverride: true,
      titleSource: 'SAG',
      documentTitles: true,
      selfserviceUrl: 'https://selvbetjening.testby.dk/kontanthjaelp',
      borgerdkUrl: null,
      fagsystemFilter: [OTHER_FAGSYSTEM.id],
      contactPoints: [{ type: 'TELEFON', value: '70 10 20 30', label: 'Ydelsesteamet' }],
    });
    try {
      const after = await ask(cpr(), { etag: before.headers['etag'] });
      expect(after.status).toBe(200);
      expect(after.headers['etag']).not.toBe(before.headers['etag']);
      expect(sagIds(after.body)).toEqual([cases['shown-other-connected-fagsystem']!.uuid]);
      expect(after.body.kommuner[0].sager[0]).toMatchObject({
        titel: 'Ansøgning om hjælp til forsørgelse',
        selvbetjeningslink: 'https://selvbetjening.testby.dk/kontanthjaelp',
        kontaktpunkter: [{ type: 'TELEFON', typeTekst: 'Telefon', vaerdi: '70 10 20 30', tekst: 'Ydelsesteamet' }],
      });
    } finally {
      await repo.saveKleConfig({
        municipalityCvr: TEST,
        kle: '32.24.04',
        shown: true,
        fraDato: '2020-01-01',
        activeCaseOverride: true,
        titleSource: 'KLE',
        documentTitles: true,
        selfserviceUrl: null,
        borgerdkUrl: null,
        fagsystemFilter: [],
        contactPoints: [],
      });
    }
  });

  it('hides a suspended connection on the next call', async () => {
    const repo = new ReferenceDataRepository(db.dataSource);
    await repo.connect(TEST, OTHER_FAGSYSTEM.id, 'SUSPENDED');
    try {
      expect(sagIds((await ask(cpr())).body)).not.toContain(cases['shown-other-connected-fagsystem']!.uuid);
    } finally {
      await repo.connect(TEST, OTHER_FAGSYSTEM.id, 'ROLLED_OUT');
    }
    expect(sagIds((await ask(cpr())).body)).toContain(cases['shown-other-connected-fagsystem']!.uuid);
  });
});

describe('POST /v1/overview: documents, grants and payments', () => {
  it('shows letters, a paid grant with its payments and the next payment; hides an unpaid grant and an exempt letter', async () => {
    const cpr = cprOf(102);
    const party = aParty({ cprSeed: 102 });
    const sagId = syntheticUuid('e2e:102:sag');
    const [brev, notat, undtaget] = ['brev', 'notat', 'undtaget'].map((n) => syntheticUuid(`e2e:102:${n}`));
    const paid: Bevilling = aBevilling({
      uuid: syntheticUuid('e2e:102:paid'),
      sagUuid: sagId,
      part: party,
      ...owned(),
    });
    const unpaid: Bevilling = aBevilling({
      uuid: syntheticUuid('e2e:102:unpaid'),
      sagUuid: sagId,
      part: party,
      ...owned(),
    });
    const month = (m: string, last: string): Effektuering =>
      anEffektuering({
        uuid: syntheticUuid(`e2e:102:eff:${m}`),
        part: party,
        ...owned(),
        periodeStart: `2026-${m}-01`,
        periodeSlut: `2026-${m}-${last}`,
        dispositionsdato: `2026-${m}-${last}`,
        linjer: [
          {
            bevillingUuid: paid.uuid,
            ydelseId: 'ydelse-1',
            periodeStart: `2026-${m}-01`,
            periodeSlut: `2026-${m}-${last}`,
            beloeb: '12550.00',
            kle: '32.24.04',
          },
        ],
      });
    await seedCitizenOverview(db.dataSource, {
      cpr,
      sager: [
        aSag({
          uuid: sagId,
          primaerPart: party,
          ...owned(),
          journalposter: [{ dokumentUuid: brev! }, { dokumentUuid: notat! }, { dokumentUuid: undtaget! }],
        }),
      ],
      dokumenter: [
        aDokument({ uuid: brev!, parter: [party], ...owned() }),
        aDokument({
          uuid: notat!,
          dokumenttype: 'Internt Notat',
          titel: 'Internt notat om borgeren',
          parter: [party],
          ...owned(),
        }),
        aDokument({
          uuid: undtaget!,
          titel: 'Undtaget brev',
          parter: [party],
          visningsklasser: [{ kode: 'UNDTAGET_FOR_BORGER', virkning: aVirkning() }],
          ...owned(),
        }),
      ],
      bevillinger: [paid, unpaid],
      effektueringer: [month('09', '30'), month('10', '31')],
    });
    const res = await ask(cpr);
    expect(res.status).toBe(200);
    const k = (res.body as OverviewResponse).kommuner[0]!;
    expect(k.sager[0]!.dokumenter.map((d) => d.id)).toEqual([brev]);
    expect(k.ydelser.bevillinger.map((b) => b.id)).toEqual([paid.uuid]);
    expect(k.ydelser.udbetalinger.map((u) => u.dispositionsdato)).toEqual(['2026-10-31', '2026-09-30']);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.body.naesteUdbetaling).toMatchObject({
      beloeb: '12550.00',
      bevillingId: paid.uuid,
      ydelse: 'Kontanthjælp',
    });
    expect(res.body.naesteUdbetaling.dato > today).toBe(true);
  });

  it('answers a citizen with nothing with the coverage, so "no case" means something', async () => {
    const res = await ask(cprOf(103), { kommuner: [TEST] });
    expect(res.status).toBe(200);
    expect(res.body.kommuner).toEqual([]);
    expect(res.body.naesteUdbetaling).toBeNull();
    expect(res.body.daekning.kommuner).toHaveLength(1);
    expect(res.body.daekning.kommuner[0]).toMatchObject({
      cvr: TEST,
      navn: TEST_MUNICIPALITY.name,
      fagsystemer: [{ id: OTHER_FAGSYSTEM.id }, { id: TEST_FAGSYSTEM.id }],
    });
    expect(res.body.daekning.kommuner[0].emner.map((e: { kle: { nummer: string } }) => e.kle.nummer)).toContain(
      '32.24.04',
    );
    expect(res.body.daekning.tekst).toMatch(/Oversigten viser/);
  });
});

describe('POST /v1/overview: the stored rendered answer', () => {
  const cpr = () => aSyntheticCpr(150);
  const key = () => cprKey(aSyntheticCpr(150), TEST_CPR_HASH_KEY);
  let cases: Record<string, Sag>;
  const DOCTORED = '{"version":1,"kommuner":[],"naesteUdbetaling":null}';

  const storedAnswers = async (): Promise<number> =>
    Number(
      /^overblik_overview_answers_total\{source="stored"\} (\d+)/m.exec(
        (await request(url).get('/metrics')).text,
      )?.[1] ?? 0,
    );

  /** The API stores a fresh render back off the call's path: wait until the row is there. */
  async function storedRevision(): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const [row] = await db.dataSource.query(
        'select a.revision::text as revision from overview_answer a join citizen_overview o using (citizen_key) where citizen_key = $1 and a.revision = o.revision',
        [key()],
      );
      if (row) return row.revision;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the rendered answer was not stored');
  }

  beforeAll(async () => {
    cprOf(150);
    cases = casesForEveryRule(150);
    await seedCitizenOverview(db.dataSource, {
      cpr: cpr(),
      sager: [cases['shown-plain']!, cases['shown-other-connected-fagsystem']!],
    });
  });

  it('answers the next call from the store, byte for byte with the same ETag', async () => {
    const first = await ask(cpr());
    expect(first.status).toBe(200);
    await storedRevision();
    const before = await storedAnswers();
    const second = await ask(cpr());
    expect(second.text).toBe(first.text);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(await storedAnswers()).toBe(before + 1);
    // and where the calls' time went, per stage of the service
    const metrics = (await request(url).get('/metrics')).text;
    for (const stage of ['limits', 'read', 'answer', 'access-log']) {
      expect(
        Number(
          new RegExp(`^overblik_overview_stage_seconds_count\\{stage="${stage}"\\} (\\d+)`, 'm').exec(metrics)?.[1],
        ),
      ).toBeGreaterThan(0);
    }
    // and the access log still names what the stored answer disclosed
    const [row] = await db.dataSource.query(
      'select record_ids from access_log where citizen_key = $1 order by seq desc limit 1',
      [key()],
    );
    expect([...row.record_ids].sort()).toEqual(
      [cases['shown-plain']!.uuid, cases['shown-other-connected-fagsystem']!.uuid].sort(),
    );
  });

  it('uses a stored answer only while its revision, configuration version and days match', async () => {
    await storedRevision();
    const doctored = compressCitizenPart(DOCTORED);
    const doctor = (set: string) =>
      db.dataSource.query(
        `update overview_answer set body_deflate = $2, body_crc32 = $3, body_length = $4, ${set} where citizen_key = $1`,
        [key(), doctored.deflate, doctored.crc32 | 0, doctored.length],
      );
    const today = danishDay();
    // still matching: the doctored text is what answers (so the store is really read)
    await doctor('valid_from = valid_from');
    expect((await ask(cpr())).body.kommuner).toEqual([]);
    for (const stale of [
      'revision = revision - 1',
      'configuration_version = configuration_version - 1',
      `valid_from = '${today}'::date - 10, valid_until = '${today}'`,
      `valid_from = '${today}'::date + 1, valid_until = '${today}'::date + 10`,
    ]) {
      await doctor(stale);
      const res = await ask(cpr());
      expect({ stale, sager: sagIds(res.body).length }).toEqual({ stale, sager: 2 });
      await storedRevision();
    }
  });

  it('sends gzip to a client that takes it and the bytes as they are to one that does not: the same JSON, fresh and stored', async () => {
    const plainOf = () => askRaw(cpr(), { 'accept-encoding': 'identity' });
    const gzipOf = () => askRaw(cpr(), { 'accept-encoding': 'br;q=1.0, gzip;q=0.8' });
    await db.dataSource.query('delete from overview_answer where citizen_key = $1', [key()]);
    const freshGzip = await gzipOf(); // rendered on this call
    await storedRevision();
    const storedGzip = await gzipOf();
    const storedPlain = await plainOf();
    await db.dataSource.query('delete from overview_answer where citizen_key = $1', [key()]);
    const freshPlain = await plainOf();
    await storedRevision();
    for (const gz of [freshGzip, storedGzip]) {
      expect(gz.status).toBe(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['vary']).toMatch(/accept-encoding/i);
      expect(Number(gz.headers['content-length'])).toBe(gz.bytes.length);
      expect(gz.bytes.length).toBeLessThan(storedPlain.bytes.length);
      expect(gunzipSync(gz.bytes).toString('utf8')).toBe(storedPlain.bytes.toString('utf8'));
    }
    for (const plain of [freshPlain, storedPlain]) {
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    }
    expect(freshPlain.bytes.equals(storedPlain.bytes)).toBe(true);
    const storedJson = JSON.parse(storedPlain.bytes.toString('utf8')) as OverviewResponse;
    expect(overviewResponseSchema.safeParse(storedJson).error).toBeUndefined();
    expect(sagIds(storedJson)).toHaveLength(2);
    // one ETag per encoding; If-None-Match matches the encoding asked for
    expect(storedGzip.headers['etag']).toBe(freshGzip.headers['etag']);
    expect(storedPlain.headers['etag']).toBe(freshPlain.headers['etag']);
    expect(storedGzip.headers['etag']).not.toBe(storedPlain.headers['etag']);
    expect(
      (await askRaw(cpr(), { 'accept-encoding': 'gzip', 'if-none-match': String(storedGzip.headers['etag']) })).status,
    ).toBe(304);
    expect(
      (await askRaw(cpr(), { 'accept-encoding': 'identity', 'if-none-match': String(storedPlain.headers['etag']) }))
        .status,
    ).toBe(304);
    expect(
      (await askRaw(cpr(), { 'accept-encoding': 'gzip', 'if-none-match': String(storedPlain.headers['etag']) })).status,
    ).toBe(200);
  });

  it('gives each of many concurrent calls its own citizen’s answer while they share read statements', async () => {
    const seeds = [160, 161, 162, 163];
    for (const [i, seed] of seeds.entries()) {
      const mine = casesForEveryRule(seed);
      await seedCitizenOverview(db.dataSource, {
        cpr: cprOf(seed),
        sager: [mine['shown-plain']!, ...(i % 2 ? [mine['shown-other-connected-fagsystem']!] : [])],
      });
    }
    const alone = new Map<number, string>();
    for (const seed of seeds) alone.set(seed, (await ask(aSyntheticCpr(seed))).text);
    const shared = async (): Promise<number> => {
      const text = (await request(url).get('/metrics')).text;
      const figure = (name: string) =>
        Number(new RegExp(`^overblik_overview_read_statement_citizens_${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      return figure('sum') - figure('count'); // citizens read in a statement they shared
    };
    const before = await shared();
    for (let burst = 0; burst < 5 && (await shared()) === before; burst++) {
      const asked = [...seeds, ...seeds, ...seeds];
      const answers = await Promise.all(asked.map((seed) => ask(aSyntheticCpr(seed))));
      expect(answers.map((a) => a.text)).toEqual(asked.map((seed) => alone.get(seed)));
    }
    expect(await shared()).toBeGreaterThan(before);
  });

  it('renders again when the read model moves, and when the configuration moves', async () => {
    await ask(cpr());
    await storedRevision();
    await seedCitizenOverview(db.dataSource, { cpr: cpr(), sager: [cases['shown-plain']!] });
    expect(sagIds((await ask(cpr())).body)).toEqual([cases['shown-plain']!.uuid]);
    await storedRevision();
    const repo = new ReferenceDataRepository(db.dataSource);
    await repo.connect(TEST, TEST_FAGSYSTEM.id, 'SUSPENDED');
    try {
      expect(sagIds((await ask(cpr())).body)).toEqual([]);
    } finally {
      await repo.connect(TEST, TEST_FAGSYSTEM.id, 'PILOT');
    }
    expect(sagIds((await ask(cpr())).body)).toEqual([cases['shown-plain']!.uuid]);
  });
});

describe('security', () => {
  const cpr = () => aSyntheticCpr(101);

  it.each([
    ['no token', async () => undefined, 401, 'token-missing'],
    ['a vendor token (wrong scope)', async () => mint({ scope: 'delivery:write' }), 403, 'token-scope'],
    ['an expired token', async () => mint({ expiresIn: '-5m' }), 401, 'token-expired'],
    ['a token signed with another key', async () => mint({ keys: otherKeys }), 401, 'token-invalid'],
    ['a token for another audience', async () => mint({ audience: 'overblik-delivery' }), 401, 'token-invalid'],
  ])('refuses %s', async (_what, make, status, type) => {
    const t = await make();
    let r = request(url).post('/v1/overview');
    if (t) r = r.set('Authorization', `Bearer ${t}`);
    const res = await r.send({ cpr: cpr(), formaal: 'MIT_OVERBLIK' });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toMatch(new RegExp(`/${type}$`));
  });

  it.each([
    [
      "another client's citizen assertion",
      () => assertionFor(cpr(), 'another-client'),
      403,
      'citizen-assertion-client',
    ],
    ["another citizen's assertion", () => assertionFor(cprOf(999)), 403, 'citizen-assertion-citizen'],
    [
      'an expired citizen assertion',
      () => assertionFor(cpr(), CLIENT, { expiresIn: '-5m' }),
      401,
      'citizen-assertion-invalid',
    ],
    [
      'a forged citizen assertion',
      () =>
        mintToken({
          privateJwk: otherKeys.privateJwk,
          issuer: 'overblik-dev-login',
          audience: 'overblik-overview',
          subject: 's',
          scope: 'citizen',
          claims: { cpr: cpr(), azp: CLIENT },
        }),
      401,
      'citizen-assertion-invalid',
    ],
  ])('refuses %s', async (_what, make, status, type) => {
    const res = await ask(cpr(), { assertion: await make() });
    expect(res.status).toBe(status);
    expect(res.body.type).toMatch(new RegExp(`/${type}$`));
  });

  it("accepts the citizen's own assertion", async () => {
    expect((await ask(cpr(), { assertion: await assertionFor(cpr()) })).status).toBe(200);
  });

  it.each([
    // 31 13 40: month 13 cannot be a birth date, so this is nobody's number (the privacy scan looks for it too)
    ['a CPR number with an impossible date', { cpr: IMPOSSIBLE_DATE_CPR, formaal: 'MIT_OVERBLIK' }, 'CPR-DATE', '/cpr'],
    ['a CPR number in the wrong format', { cpr: '12345', formaal: 'MIT_OVERBLIK' }, 'CPR-FORMAT', '/cpr'],
    ['an unknown purpose', { cpr: aSyntheticCpr(301), formaal: 'NYSGERRIGHED' }, 'SCHEMA', '/formaal'],
    ['an unknown field', { cpr: aSyntheticCpr(302), formaal: 'MIT_OVERBLIK', navn: 'x' }, 'UNKNOWN-FIELD', '/'],
  ])(
    'answers 422 with the rule and the field for %s, without repeating the number',
    async (_what, body, rule, pointer) => {
      const res = await request(url).post('/v1/overview').set('Authorization', `Bearer ${token}`).send(body);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.violations[0]).toMatchObject({ rule, pointer });
      expect(res.text).not.toContain(body.cpr);
    },
  );

  it.each(['get', 'post'] as const)(
    'takes the CPR number only in the body: %s with it in the query string is refused with CPR-IN-URL',
    async (method) => {
      const res = await request(url)[method](`/v1/overview?cpr=${cpr()}`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: expect.stringMatching(/\/cpr-in-url$/),
        violations: [{ rule: 'CPR-IN-URL', pointer: '/query/cpr' }],
      });
      expect(res.text).not.toContain(cpr());
    },
  );

  it('refuses a body that is not JSON with 415', async () => {
    const res = await request(url)
      .post('/v1/overview')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/plain')
      .send(`cpr=${cpr()}`);
    expect(res.status).toBe(415);
    expect(res.text).not.toContain(cpr());
  });

  it('answers 429 with Retry-After past the per-client rate', async () => {
    const base = limitedUrl;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await ask(cpr(), { base })).status);
    const refused = statuses.filter((s) => s === 429).length;
    expect(refused).toBeGreaterThan(0);
    const res = await ask(cpr(), { base });
    if (res.status === 429) expect(res.headers['retry-after']).toBe('1');
  });

  it('slows down and flags a client that asks for more distinct citizens than people log in', async () => {
    const base = limitedUrl;
    await new Promise((r) => setTimeout(r, 1100)); // a fresh rate-limit second
    for (const seed of [201, 202, 203]) {
      await ask(cprOf(seed), { base });
      await new Promise((r) => setTimeout(r, 350));
    }
    const started = Date.now();
    const res = await ask(cprOf(204), { base });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const metrics = await request(base).get('/metrics');
    expect(metrics.text).toMatch(new RegExp(`overblik_overview_client_flagged_total\\{client="${CLIENT}"\\} 1`));
    const [row] = await db.dataSource.query(
      'select flagged from access_log where citizen_key = $1 order by seq desc limit 1',
      [cprKey(aSyntheticCpr(204), TEST_CPR_HASH_KEY)],
    );
    expect(row.flagged).toBe(true);
  });
});

describe('access log', () => {
  it('records every read, chained, and shows the citizen who looked and why', async () => {
    const cpr = cprOf(105);
    await ask(cpr);
    await ask(cpr);
    const noAssertion = await request(url).post('/v1/access-log').set('Authorization', `Bearer ${token}`).send({ cpr });
    expect(noAssertion.status).toBe(401);
    const res = await request(url)
      .post('/v1/access-log')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Citizen-Assertion', await assertionFor(cpr))
      .send({ cpr });
    expect(res.status).toBe(200);
    expect(res.body.opslag).toHaveLength(2);
    expect(res.body.opslag[0]).toMatchObject({
      klient: CLIENT,
      formaal: 'MIT_OVERBLIK',
      formaalTekst: 'Visning af dine sager og ydelser på Mit Overblik',
    });
    expect(JSON.stringify(res.body)).not.toContain(cpr);
    const rows = await db.dataSource.query('select count(*)::int as n from access_log where citizen_key = $1', [
      cprKey(cpr, TEST_CPR_HASH_KEY),
    ]);
    expect(rows[0].n).toBe(3); // two overview reads and the citizen's own look at the log
  });

  it('keeps a chain that verifies, refuses updates, and finds a row changed behind its back', async () => {
    const log = new AccessLogRepository(db.dataSource);
    expect(await log.verify()).toMatchObject({ ok: true });
    await expect(db.dataSource.query("update access_log set client_id = 'x' where seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await db.dataSource.query('alter table access_log disable trigger access_log_append_only');
    await db.dataSource.query("update access_log set purpose = 'SUPPORT' where seq = 2");
    await db.dataSource.query('alter table access_log enable trigger access_log_append_only');
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });
});

describe('privacy of the whole run', () => {
  it('answers a CPR number put in a path, a query string, a request id or a token sub without keeping it', async () => {
    const [inPath, inQuery, inRequestId, inSub] = [cprOf(1201), cprOf(1202), cprOf(1203), cprOf(1204)];
    const body = { cpr: cprOf(1205), formaal: 'MIT_OVERBLIK' };
    const auth = `Bearer ${token}`;
    expect((await request(url).post(`/v1/overview/${inPath}`).set('Authorization', auth).send(body)).status).toBe(404);
    const query = await request(url).post(`/v1/overview?cpr=${inQuery}`).set('Authorization', auth).send(body);
    expect(query.status).toBe(400);
    expect(query.body.violations).toEqual([expect.objectContaining({ rule: 'CPR-IN-URL', pointer: '/query/cpr' })]);
    const withId = await request(url)
      .post('/v1/overview')
      .set('Authorization', auth)
      .set('X-Request-Id', inRequestId)
      .send(body);
    expect(withId.status).toBe(200);
    expect(withId.headers['x-request-id']).not.toBe(inRequestId);
    const sub = await request(url)
      .post('/v1/overview')
      .set('Authorization', `Bearer ${await mint({ subject: inSub })}`)
      .send(body);
    expect(sub.status).toBe(401);
    expect(sub.body.violations).toEqual([expect.objectContaining({ rule: 'AUTH-TOKEN-SUB-INVALID' })]);
  });

  it('never wrote a CPR number into a log line, a URL or a metric label', async () => {
    const metrics = (await request(url).get('/metrics')).text + (await request(limitedUrl).get('/metrics')).text;
    const logs = api.output() + limited.output();
    expect(logs).toMatch(/"msg"/); // the logs were captured at level info
    expect(logs).toMatch(/\/v1\/overview/);
    for (const cpr of new Set(usedCprs)) {
      const variants = [cpr, `${cpr.slice(0, 6)}-${cpr.slice(6)}`];
      for (const v of variants) {
        expect(logs).not.toContain(v);
        expect(metrics).not.toContain(v);
      }
    }
  });
});
