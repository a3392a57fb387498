import { gunzipSync } from 'node:zlib';
import { addDays, buildOverview, NO_END, overviewFixtures, UNDTAGET_FOR_BORGER } from '@overblik/domain';
import { compressCitizenPart } from './answer-gzip';
import { asciiJson, coverageJson, encodedOverview, renderCitizenPart } from './answer-render';

const { aDisplayConfiguration, aStoredCitizen, BEVILLING_ID, CVR, DOK_ID, SAG_ID } = overviewFixtures;

const today = '2024-04-10';
/** Midnight at the start of 7 May 2024, Danish summer time. */
const EXEMPTION_END = '2024-05-06T22:00:00Z';
const undtaget = (fra: string, til?: string) => ({
  kode: UNDTAGET_FOR_BORGER,
  virkning: til === undefined ? { fra } : { fra, til },
});

// JSON text holds no raw control characters, so ASCII here means the printable range ' '…'~'
describe('asciiJson', () => {
  it('writes every character beyond ASCII as an escape, and parses back to the same value', () => {
    const value = {
      titel: 'Hjælp til børn – særlig støtte',
      tekst: 'Åben ’sag’ 👍',
      del: '\u007f',
      tal: 1.5,
      ingen: null,
    };
    const text = asciiJson(value);
    expect(text).not.toMatch(/[^ -~]/);
    expect(text).toContain('Hj\\u00e6lp');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('leaves ASCII-only JSON as JSON.stringify gives it', () => {
    const value = { a: 'plain "quoted" text\n', b: [1, 2, { c: true }] };
    expect(asciiJson(value)).toBe(JSON.stringify(value));
  });

  it('makes the stored citizen part ASCII (fast to decode and send on every call)', () => {
    const part = renderCitizenPart(aStoredCitizen(), { config: aDisplayConfiguration(), today });
    expect(part.json).not.toMatch(/[^ -~]/);
  });
});

describe('encodedOverview', () => {
  const cases: Array<[string, ReturnType<typeof aStoredCitizen> | null, string[] | undefined]> = [
    ['a citizen with a case, a grant and payments, default coverage', aStoredCitizen(), undefined],
    ['the same, coverage of the home municipality only', aStoredCitizen(), ['29100002']],
    ['the same, coverage of nothing asked (the answered municipality is still covered)', aStoredCitizen(), []],
    ['a citizen with nothing stored', null, undefined],
    ['a citizen with nothing stored, an unknown municipality asked', null, ['12345678']],
  ];

  it.each(cases)(
    'is exactly the text of buildOverview, fresh or stored, as it is or gzip-compressed: %s',
    (_name, doc, kommuner) => {
      const config = aDisplayConfiguration();
      const part = renderCitizenPart(doc, { config, today });
      const expected = asciiJson(buildOverview(doc, { config, today }, kommuner).response);
      const stored = { compressed: part.compressed };
      // twice: the second time from the cached coverage texts
      for (let i = 0; i < 2; i++) {
        expect(
          encodedOverview(part, 'identity', config, part.disclosure.municipalities, kommuner).toString('utf8'),
        ).toBe(expected);
        expect(
          encodedOverview(stored, 'identity', config, part.disclosure.municipalities, kommuner).toString('utf8'),
        ).toBe(expected);
        expect(
          gunzipSync(encodedOverview(stored, 'gzip', config, part.disclosure.municipalities, kommuner)).toString(
            'utf8',
          ),
        ).toBe(expected);
      }
    },
  );

  it('writes a part that is not ASCII as UTF-8, followed by the same coverage', () => {
    const config = aDisplayConfiguration();
    const atHand = (json: string) => ({ json, compressed: compressCitizenPart(json) });
    const part = '{"version":"1","kommuner":[{"navn":"Høje-Taastrup – Kommune 👍"}]}';
    const escaped = asciiJson(JSON.parse(part));
    const text = encodedOverview(atHand(part), 'identity', config, [CVR]).toString('utf8');
    const fromEscaped = encodedOverview(atHand(escaped), 'identity', config, [CVR]).toString('utf8');
    expect(text).toBe(part.slice(0, -1) + fromEscaped.slice(escaped.length - 1));
    expect(JSON.parse(text)).toEqual(JSON.parse(fromEscaped));
    expect(JSON.parse(text).kommuner[0].navn).toBe('Høje-Taastrup – Kommune 👍');
    expect(
      gunzipSync(encodedOverview({ compressed: compressCitizenPart(part) }, 'gzip', config, [CVR])).toString('utf8'),
    ).toBe(text);
  });

  it('renders the coverage per configuration snapshot: a new snapshot gets its own text', () => {
    const before = coverageJson(aDisplayConfiguration(), [CVR]);
    const after = coverageJson(aDisplayConfiguration({ kle: [{ fraDato: '2023-01-01' }] }), [CVR]);
    expect(before).not.toBe(after);
    expect(JSON.parse(after).kommuner[0].emner[0].fraDato).toBe('2023-01-01');
  });
});

describe('renderCitizenPart validUntil', () => {
  it('holds until the next expected payment is due', () => {
    const part = renderCitizenPart(aStoredCitizen(), { config: aDisplayConfiguration(), today });
    expect(part.validUntil).toBe('2024-04-29');
    const onTheDay = renderCitizenPart(aStoredCitizen(), { config: aDisplayConfiguration(), today: '2024-04-29' });
    expect(onTheDay.json).not.toBe(part.json);
  });

  it('holds until the day after a benefit ends (the active override then stops)', () => {
    const doc = aStoredCitizen({ bevilling: { slutdato: '2024-04-20', startdato: '2019-02-01' } });
    const config = aDisplayConfiguration({ kle: [{ activeCaseOverride: true }] });
    expect(renderCitizenPart(doc, { config, today }).validUntil).toBe('2024-04-21');
  });

  it('holds until an exemption ends, then shows the case again from the same read model', () => {
    const doc = aStoredCitizen({ sag: { visningsklasser: [undtaget('2024-01-01T09:00:00Z', EXEMPTION_END)] } });
    const config = aDisplayConfiguration();
    const hidden = renderCitizenPart(doc, { config, today });
    expect(hidden.validUntil).toBe('2024-05-07');
    expect(hidden.disclosure.recordIds).toEqual([]);
    const shownAgain = renderCitizenPart(doc, { config, today: '2024-05-07' });
    expect(shownAgain.disclosure.recordIds).toEqual([
      SAG_ID,
      DOK_ID,
      BEVILLING_ID,
      ...doc.effektueringer.map((e) => e.id),
    ]);
    expect(shownAgain.validUntil > '2024-05-07').toBe(true);
  });

  it('holds until an exemption ahead starts', () => {
    const doc = aStoredCitizen({ sag: { visningsklasser: [undtaget('2024-05-20T10:00:00Z')] }, effektueringer: [] });
    const config = aDisplayConfiguration();
    expect(renderCitizenPart(doc, { config, today }).validUntil).toBe('2024-05-20');
    expect(renderCitizenPart(doc, { config, today: '2024-05-20' }).validUntil).toBe(NO_END);
  });

  it("holds until a document's exemption ends", () => {
    const doc = aStoredCitizen({
      dokument: { visningsklasser: [undtaget('2024-01-01T09:00:00Z', '2024-04-15T10:00:00Z')] },
    });
    expect(renderCitizenPart(doc, { config: aDisplayConfiguration(), today }).validUntil).toBe('2024-04-16');
  });

  // the stored answer is reused on every day before validUntil: it must read the same on each of them
  const variants: Array<[string, Parameters<typeof aStoredCitizen>[0], Parameters<typeof aDisplayConfiguration>[0]]> = [
    ['monthly, open-ended', {}, {}],
    [
      'ends inside the window, override on',
      { bevilling: { startdato: '2019-02-01', slutdato: '2024-05-15' } },
      { kle: [{ activeCaseOverride: true, fraDato: '2022-01-01' }] },
    ],
    [
      'ends inside the window, override off',
      { bevilling: { startdato: '2019-02-01', slutdato: '2024-05-15' } },
      { kle: [{ fraDato: '2022-01-01' }] },
    ],
    ['already ended', { bevilling: { slutdato: '2024-03-31' } }, {}],
    ['payment late', { effektueringer: [{}] }, {}],
    ['a case exempted until May', { sag: { visningsklasser: [undtaget('2023-06-01T09:00:00Z', EXEMPTION_END)] } }, {}],
    ['a case exempted from June on', { sag: { visningsklasser: [undtaget('2024-06-03T13:00:00Z')] } }, {}],
    [
      'a case exempted for a week',
      { sag: { visningsklasser: [undtaget('2024-08-05T07:00:00Z', '2024-08-12T07:00:00Z')] }, effektueringer: [] },
      {},
    ],
    [
      'a document exempted for a month',
      { dokument: { visningsklasser: [undtaget('2024-03-04T08:00:00Z', '2024-04-04T08:00:00Z')] } },
      {},
    ],
  ];

  it.each(variants)('reads the same on every day from today to validUntil: %s', (_name, citizen, configuration) => {
    const doc = aStoredCitizen(citizen);
    const config = aDisplayConfiguration(configuration);
    for (let start = '2024-01-01'; start <= '2024-12-31'; start = addDays(start, 9)) {
      const part = renderCitizenPart(doc, { config, today: start });
      expect(part.validUntil > start).toBe(true);
      for (let d = addDays(start, 1); d < part.validUntil && d <= '2025-06-30'; d = addDays(d, 1)) {
        expect({ d, json: renderCitizenPart(doc, { config, today: d }).json }).toEqual({ d, json: part.json });
      }
    }
  });
});

describe('an exemption "undtaget for borger" by the day of the answer', () => {
  const config = aDisplayConfiguration();
  const shown = (doc: ReturnType<typeof aStoredCitizen>, day: string) => {
    const k = buildOverview(doc, { config, today: day }).response.kommuner;
    return {
      sager: k.flatMap((m) => m.sager.map((x) => x.id)),
      dokumenter: k.flatMap((m) => m.sager.flatMap((x) => x.dokumenter.map((d) => d.id))),
      bevillinger: k.flatMap((m) => m.ydelser.bevillinger.map((b) => b.id)),
    };
  };
  const everything = { sager: [SAG_ID], dokumenter: [DOK_ID], bevillinger: [BEVILLING_ID] };
  const nothing = { sager: [], dokumenter: [], bevillinger: [] };

  it('hides a case exempted until a day, with its documents and grant, before that day and shows them from it', () => {
    const doc = aStoredCitizen({ sag: { visningsklasser: [undtaget('2024-01-01T09:00:00Z', EXEMPTION_END)] } });
    expect(shown(doc, '2024-04-10')).toEqual(nothing);
    expect(shown(doc, '2024-05-06')).toEqual(nothing);
    expect(shown(doc, '2024-05-07')).toEqual(everything);
    expect(shown(doc, '2024-09-01')).toEqual(everything);
  });

  it('shows a case whose exemption starts later until the day it starts', () => {
    const doc = aStoredCitizen({ sag: { visningsklasser: [undtaget('2024-05-20T10:00:00Z')] } });
    expect(shown(doc, '2024-05-19')).toEqual(everything);
    expect(shown(doc, '2024-05-20')).toEqual(nothing);
    expect(shown(doc, '2025-01-01')).toEqual(nothing);
  });

  it("hides only the document while the document's own exemption applies", () => {
    const doc = aStoredCitizen({
      dokument: { visningsklasser: [undtaget('2024-01-01T09:00:00Z', '2024-04-15T10:00:00Z')] },
    });
    expect(shown(doc, '2024-04-15')).toEqual({ ...everything, dokumenter: [] });
    expect(shown(doc, '2024-04-16')).toEqual(everything);
  });

  it('keeps hiding a case of a read model projected with the old flag', () => {
    const doc = aStoredCitizen();
    const legacy = { ...doc, sager: doc.sager.map((x) => ({ ...x, undtagetForBorger: true })) };
    expect(shown(legacy, '2030-01-01')).toEqual(nothing);
  });
});
