import { addDays } from './next-payment';
import { buildOverview } from './overview.builder';
import { aDisplayConfiguration, aStoredCitizen, CVR } from './overview.fixtures';
import { gunzipSync } from 'node:zlib';
import { compressCitizenPart } from './overview.gzip';
import { asciiJson, coverageJson, encodedOverview, renderCitizenPart } from './overview.render';

const today = '2024-04-10';

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
