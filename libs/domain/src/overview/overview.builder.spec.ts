import { aParty, aVirkning } from '../testing/factories';
import { buildOverview, COVERAGE_TEXT } from './overview.builder';
import { overviewResponseSchema } from './overview.schema';
import { aDisplayConfiguration, aStoredCitizen, BEVILLING_ID, CVR, DOK_ID, FS, KLE, SAG_ID } from './overview.fixtures';

const ctx = (config = aDisplayConfiguration()) => ({ config, today: '2024-04-10' });

describe('buildOverview', () => {
  it('answers one municipality with the case, its letter, the grant, the payments and the next payment', () => {
    const { response, disclosure } = buildOverview(aStoredCitizen(), ctx());
    expect(response.kommuner).toHaveLength(1);
    const k = response.kommuner[0]!;
    expect(k).toMatchObject({ cvr: CVR, navn: 'Fakeby Kommune' });
    expect(k.sager).toEqual([
      {
        id: SAG_ID,
        titel: 'Hjælp til forsørgelse (kontanthjælp mv.)',
        kle: { nummer: KLE, titel: 'Hjælp til forsørgelse (kontanthjælp mv.)' },
        sagsnummer: 'S2024-000001',
        status: { kode: 1, tekst: 'Oprettet' },
        statusforloeb: [{ kode: 1, tekst: 'Oprettet', fra: '2024-01-15T09:00:00Z' }],
        oprettet: '2024-01-15T09:00:00Z',
        afgjort: null,
        afsluttet: null,
        behandlesAf: { type: 'KOMMUNE', navn: 'Fakeby Kommune' },
        dokumenter: [
          { id: DOK_ID, titel: 'Afgørelse om hjælp til forsørgelse', type: 'Brev, udgaaende', dato: '2024-02-01' },
        ],
        selvbetjeningslink: 'https://selvbetjening.example.dk/kontanthjaelp',
        borgerDkArtikel: 'https://www.borger.dk/kontanthjaelp',
        kontaktpunkter: [
          { type: 'TELEFON', typeTekst: 'Telefon', vaerdi: '70 10 20 30', tekst: 'Jobcentrets ydelsesteam' },
        ],
      },
    ]);
    expect(k.ydelser.bevillinger.map((b) => b.id)).toEqual([BEVILLING_ID]);
    expect(k.ydelser.udbetalinger.map((u) => u.dispositionsdato)).toEqual(['2024-03-29', '2024-02-29']);
    expect(response.naesteUdbetaling).toEqual({
      dato: '2024-04-29',
      beloeb: '12550.00',
      bevillingId: BEVILLING_ID,
      ydelseId: 'ydelse-1',
      ydelse: 'Kontanthjælp',
      udbetaler: { type: 'KOMMUNE', navn: 'Fakeby Kommune' },
    });
    expect(disclosure.municipalities).toEqual([CVR]);
    expect(disclosure.recordIds).toHaveLength(5);
  });

  it("uses the case's own title where the municipality chose that", () => {
    const { response } = buildOverview(aStoredCitizen(), ctx(aDisplayConfiguration({ kle: [{ titleSource: 'SAG' }] })));
    expect(response.kommuner[0]!.sager[0]!.titel).toBe('Ansøgning om hjælp til forsørgelse');
  });

  it('says Udbetaling Danmark pays where it does', () => {
    const { response } = buildOverview(aStoredCitizen({ bevilling: { udbetaler: 'UDBETALING_DANMARK' } }), ctx());
    expect(response.kommuner[0]!.ydelser.bevillinger[0]!.udbetaler).toEqual({
      type: 'UDBETALING_DANMARK',
      navn: 'Udbetaling Danmark',
    });
    expect(response.kommuner[0]!.ydelser.udbetalinger[0]!.udbetaler.type).toBe('UDBETALING_DANMARK');
  });

  it('never carries caseworker names, descriptions, journal notes or source status', () => {
    const doc = aStoredCitizen({
      sag: {
        beskrivelse: 'Intern beskrivelse',
        kildeStatus: 'Afventer sagsbehandler',
        primaerBehandler: { urn: 'urn:oio:bruger:abc', navn: 'Karen Sagsbehandler', virkning: aVirkning() },
        journalposter: [{ dokumentUuid: DOK_ID }, { notat: { titel: 'Telefonnotat', tekst: 'Borgeren ringede' } }],
      },
    });
    const text = JSON.stringify(buildOverview(doc, ctx()).response);
    for (const secret of [
      'Karen',
      'Intern beskrivelse',
      'Afventer sagsbehandler',
      'Telefonnotat',
      'Borgeren ringede',
      'urn:oio:bruger',
    ])
      expect(text).not.toContain(secret);
  });

  it('answers a citizen with nothing with coverage only', () => {
    const { response, disclosure } = buildOverview(null, ctx());
    expect(response.kommuner).toEqual([]);
    expect(response.naesteUdbetaling).toBeNull();
    expect(response.daekning).toEqual({
      tekst: COVERAGE_TEXT,
      kommuner: [
        {
          cvr: CVR,
          navn: 'Fakeby Kommune',
          fagsystemer: [{ id: FS, navn: 'Jobnet Ydelse' }],
          emner: [
            {
              kle: { nummer: KLE, titel: 'Hjælp til forsørgelse (kontanthjælp mv.)' },
              fraDato: '2020-01-01',
              aktiveSagerFoerFraDato: false,
              fagsystemer: [FS],
            },
          ],
        },
      ],
    });
    expect(disclosure).toEqual({ municipalities: [], recordIds: [] });
  });

  it('narrows coverage to the municipalities asked for, and still covers those in the answer', () => {
    expect(buildOverview(null, ctx(), ['29100002']).response.daekning.kommuner.map((k) => k.cvr)).toEqual(['29100002']);
    expect(buildOverview(aStoredCitizen(), ctx(), ['29100002']).response.daekning.kommuner.map((k) => k.cvr)).toEqual([
      '29100001',
      '29100002',
    ]);
  });

  it('hides everything of a citizen who is only a secondary party', () => {
    const { response } = buildOverview(
      aStoredCitizen({ sag: { primaerPart: aParty({ urn: 'urn:oio:cvr-nr:12345678' }) } }),
      ctx(),
    );
    expect(response.kommuner.flatMap((k) => k.sager)).toEqual([]);
    expect(response.kommuner.flatMap((k) => k.ydelser.bevillinger)).toEqual([]);
  });
});

describe('the answer schema', () => {
  it('accepts every answer the builder gives', () => {
    for (const doc of [null, aStoredCitizen(), aStoredCitizen({ bevilling: { udbetaler: 'UDBETALING_DANMARK' } })]) {
      expect(overviewResponseSchema.safeParse(buildOverview(doc, ctx()).response).error).toBeUndefined();
    }
  });
  it('refuses an answer with an amount as a number', () => {
    const response = buildOverview(aStoredCitizen(), ctx()).response as unknown as {
      naesteUdbetaling: { beloeb: unknown };
    };
    response.naesteUdbetaling.beloeb = 12550;
    expect(overviewResponseSchema.safeParse(response).success).toBe(false);
  });
});
