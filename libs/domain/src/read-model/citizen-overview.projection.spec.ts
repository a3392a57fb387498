import {
  aBevilling,
  aDokument,
  anEffektuering,
  aParty,
  aSag,
  aSyntheticCpr,
  aVirkning,
  syntheticUuid,
} from '../testing/factories';
import { keyedCprUrn } from '../cpr/keyed-party-urn';
import { UNDTAGET_FOR_BORGER } from '../visningsklasse';
import {
  applyOverviewPatch,
  type CitizenIndexRows,
  type CitizenOverviewPatch,
  projectBevillingEntry,
  projectCitizenOverview,
  projectEffektueringEntry,
  projectSagEntry,
} from './citizen-overview.projection';

describe('projectCitizenOverview', () => {
  it('orders cases newest first and then by id, whatever order the rows come in', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => syntheticUuid(`order-${n}`)).sort();
    const sag = (uuid: string, fra: string) => ({
      id: uuid,
      body: aSag({ uuid, fremdrift: [{ tilstand: 'Opstaaet', virkning: aVirkning(fra) }] }),
      links: [],
    });
    const rows = (sager: CitizenIndexRows['sager']): CitizenIndexRows => ({
      sager,
      dokumenter: [],
      bevillinger: [],
      effektueringer: [],
      held: [],
    });
    const one = projectCitizenOverview(
      rows([sag(b!, '2024-01-01T00:00:00Z'), sag(a!, '2024-01-01T00:00:00Z'), sag(c!, '2024-02-01T00:00:00Z')]),
    );
    const two = projectCitizenOverview(
      rows([sag(c!, '2024-02-01T00:00:00Z'), sag(a!, '2024-01-01T00:00:00Z'), sag(b!, '2024-01-01T00:00:00Z')]),
    );
    expect(one?.sager.map((s) => s.id)).toEqual([c, a, b]);
    expect(two).toEqual(one);
  });

  it('marks the link to a document held when the journal post title that links it is held', () => {
    const [d1, d2] = [syntheticUuid('held-doc-1'), syntheticUuid('held-doc-2')].sort();
    // journal post 0 links the document that sorts last among the links
    const s = aSag({
      journalposter: [{ dokumentUuid: d2!, titel: 'x' }, { notat: { titel: 'n', tekst: 't' } }, { dokumentUuid: d1! }],
    });
    const entry = projectSagEntry(
      {
        id: s.uuid,
        body: s,
        links: [
          { dokumentId: d1!, titel: null },
          { dokumentId: d2!, titel: 'x' },
        ],
      },
      new Map([
        [d1!, aDokument({ uuid: d1! })],
        [d2!, aDokument({ uuid: d2! })],
      ]),
      new Map([[s.uuid, ['/object/journalposter/0/titel']]]),
    );
    expect(entry.dokumenter.map((d) => [d.id, d.held])).toEqual([
      [d1, false],
      [d2, true],
    ]);
  });
});

describe('a document a case links', () => {
  const citizen = aParty({ cprSeed: 31 });
  const other = aParty({ cprSeed: 32 });
  const dokId = syntheticUuid('projected-linked-dok');
  const s = aSag({ primaerPart: citizen, journalposter: [{ dokumentUuid: dokId, titel: 'Kopi af brevet' }] });
  const entryWith = (dokument: unknown) =>
    projectSagEntry(
      { id: s.uuid, body: s, links: [{ dokumentId: dokId, titel: 'Kopi af brevet' }] },
      new Map(dokument === undefined ? [] : [[dokId, dokument]]),
      new Map(),
    );

  it.each([
    ["the case's citizen, municipality and fagsystem", aDokument({ uuid: dokId, parter: [citizen] }), [dokId]],
    ['the citizen among its parties', aDokument({ uuid: dokId, parter: [other, citizen] }), [dokId]],
    ['another citizen', aDokument({ uuid: dokId, parter: [other] }), []],
    ['another municipality', aDokument({ uuid: dokId, parter: [citizen], ejer: { cvr: '29100002' } }), []],
    [
      'another vendor',
      aDokument({ uuid: dokId, parter: [citizen], itSystem: { master: 'fs-other', afsender: 'fs-other' } }),
      [],
    ],
    ['nobody: not stored, or removed by its master', undefined, []],
  ])('of %s is shown accordingly', (_name, dokument, shown) => {
    const entry = entryWith(dokument);
    expect(entry.dokumenter.map((d) => d.id)).toEqual(shown);
    if (!shown.length) expect(JSON.stringify(entry)).not.toMatch(/Afgørelse om hjælp|Kopi af brevet/);
  });

  it("never puts another citizen's document title in the read model, whichever arrived first", () => {
    const foreign = aDokument({ uuid: dokId, parter: [other], titel: 'Et andet menneskes brev' });
    const doc = projectCitizenOverview({
      sager: [{ id: s.uuid, body: s, links: [{ dokumentId: dokId, titel: null }] }],
      dokumenter: [{ id: dokId, body: foreign }],
      bevillinger: [],
      effektueringer: [],
      held: [],
    });
    expect(doc?.sager.map((x) => x.dokumenter)).toEqual([[]]);
    expect(JSON.stringify(doc)).not.toContain('Et andet menneskes brev');
  });
});

describe('applyOverviewPatch', () => {
  // deterministic pseudo-random source, so a failure can be replayed
  const LCG_MULTIPLIER = 1_103_515_245;
  const LCG_INCREMENT = 12_345;

  it.each([1, 2, 3, 4, 5])('equals the full projection after random changes (seed %i)', (seed) => {
    let state = seed;
    const rnd = (): number => (state = (state * LCG_MULTIPLIER + LCG_INCREMENT) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const ids = Array.from({ length: 6 }, (_, i) => syntheticUuid(`patch-${seed}-${i}`));
    const dates = ['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'];
    const rows: CitizenIndexRows = { sager: [], dokumenter: [], bevillinger: [], effektueringer: [], held: [] };
    let doc = projectCitizenOverview(rows);
    for (let step = 0; step < 200; step++) {
      const uuid = pick(ids);
      const kind = pick(['sager', 'bevillinger', 'effektueringer'] as const);
      const patch: CitizenOverviewPatch = { sager: [], bevillinger: [], effektueringer: [], drop: [] };
      for (const k of ['sager', 'bevillinger', 'effektueringer'] as const)
        rows[k] = rows[k].filter((r) => r.id !== uuid) as never;
      if (rnd() < 0.3) {
        patch.drop.push(uuid);
      } else if (kind === 'sager') {
        const body = aSag({
          uuid,
          fremdrift: [{ tilstand: 'Opstaaet', virkning: aVirkning(pick(dates)) }],
          ...(rnd() < 0.3 ? { visningsklasser: [{ kode: UNDTAGET_FOR_BORGER, virkning: aVirkning() }] } : {}),
        });
        rows.sager.push({ id: uuid, body, links: [] });
        patch.drop.push(uuid);
        patch.sager.push(projectSagEntry({ id: uuid, body, links: [] }, new Map(), new Map()));
      } else if (kind === 'bevillinger') {
        const body = aBevilling({ uuid, startdato: pick(['2024-01-01', '2024-02-01']) });
        rows.bevillinger.push({ id: uuid, body });
        patch.drop.push(uuid);
        patch.bevillinger.push(projectBevillingEntry({ id: uuid, body }, new Map()));
      } else {
        const body = anEffektuering({ uuid, dispositionsdato: pick(['2024-01-31', '2024-02-29']) });
        rows.effektueringer.push({ id: uuid, body });
        patch.drop.push(uuid);
        patch.effektueringer.push(projectEffektueringEntry({ id: uuid, body }, new Map()));
      }
      doc = applyOverviewPatch(doc, patch);
      expect([step, doc]).toEqual([step, projectCitizenOverview(rows)]);
    }
  });
});

describe('what the read model keeps of a citizen', () => {
  it('carries no CPR number, party name or sensitivity: the read model is keyed by the citizen key alone', () => {
    const party = aParty({ cprSeed: 77 });
    const sag = aSag({ primaerPart: party });
    const bevilling = aBevilling({ part: party });
    const payment = anEffektuering({ part: party });
    const doc = projectCitizenOverview({
      sager: [{ id: sag.uuid, body: sag, links: [] }],
      dokumenter: [],
      bevillinger: [{ id: bevilling.uuid, body: bevilling }],
      effektueringer: [{ id: payment.uuid, body: payment }],
      held: [],
    });
    const text = JSON.stringify(doc);
    expect(text).not.toContain(aSyntheticCpr(77));
    expect(text).not.toContain(party.navn);
    expect(text).not.toContain('foelsomhed');
    expect(doc!.effektueringer[0]).toMatchObject({
      id: payment.uuid,
      bruttobeloeb: payment.bruttobeloeb,
      linjer: payment.linjer,
    });
  });
});

describe('a case’s primary party as stored', () => {
  const SECRET = 'test-secret-of-at-least-32-characters!!';
  const person = aParty({ cprSeed: 78 });
  it.each<[string, string, boolean]>([
    ['a CPR URN as delivered', person.urn, true],
    ['the keyed URN the index stores', keyedCprUrn(person.urn, SECRET), true],
    ['a company', 'urn:oio:cvr-nr:29189846', false],
  ])('%s is a person: %s', (_name, urn, expected) => {
    const sag = aSag({ primaerPart: { ...person, urn } });
    expect(projectSagEntry({ id: sag.uuid, body: sag, links: [] }, new Map(), new Map()).primaryPartyIsCpr).toBe(
      expected,
    );
  });
});
