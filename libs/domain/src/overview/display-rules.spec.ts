import { aParty, aVirkning } from '../testing/factories';
import { caseHiddenBy, documentHiddenBy, visibleBenefits } from './display-rules';
import { aDisplayConfiguration, aStoredCitizen, anOpenedKle, BEVILLING_ID, FS, SAG_ID } from './overview.fixtures';

const TODAY = '2024-04-10';
const closed = {
  fremdrift: [
    { tilstand: 'Opstaaet' as const, virkning: aVirkning('2019-05-01T09:00:00Z') },
    { tilstand: 'Afsluttet' as const, virkning: aVirkning('2019-09-01T09:00:00Z') },
  ],
};
const openOld = { fremdrift: [{ tilstand: 'Opstaaet' as const, virkning: aVirkning('2019-05-01T09:00:00Z') }] };

describe('case display rules, in the order of DOMAIN.md §3', () => {
  it.each([
    // [rule, what, sag overrides, configuration, hidden by]
    ['PRIMARY-CPR-PARTY', 'shows a case whose primary party is a CPR', {}, {}, null],
    [
      'PRIMARY-CPR-PARTY',
      'hides a case whose primary party is a company',
      { primaerPart: aParty({ urn: 'urn:oio:cvr-nr:12345678' }) },
      {},
      'PRIMARY-CPR-PARTY',
    ],
    ['CONNECTED', 'shows a pilot connection', {}, { connection: 'PILOT' as const }, null],
    ['CONNECTED', 'hides a case from a suspended connection', {}, { connection: 'SUSPENDED' as const }, 'CONNECTED'],
    ['CONNECTED', 'hides a case from a fagsystem not connected', {}, { connection: null }, 'CONNECTED'],
    ['KLE-OPENED', 'hides a case whose KLE is closed', {}, { kle: [{ shown: false }] }, 'KLE-OPENED'],
    [
      'KLE-OPENED',
      'hides a case whose KLE the municipality never configured',
      {},
      { kle: [{ kle: '15.17.06' }] },
      'KLE-OPENED',
    ],
    [
      'KLE-OPENED',
      'follows a retired emne to the emne that replaced it',
      { primaerKlasse: { kle: '32.24.32', virkning: aVirkning() } },
      {},
      null,
    ],
    ['FAGSYSTEM-FILTER', 'shows a case from a fagsystem in the filter', {}, { kle: [{ fagsystemFilter: [FS] }] }, null],
    [
      'FAGSYSTEM-FILTER',
      'hides a case from a fagsystem outside the filter',
      {},
      { kle: [{ fagsystemFilter: ['fs-other'] }] },
      'FAGSYSTEM-FILTER',
    ],
    ['FRA-DATO', 'shows a case created on the fra-dato', {}, { kle: [{ fraDato: '2024-01-15' }] }, null],
    ['FRA-DATO', 'hides a case created before the fra-dato', {}, { kle: [{ fraDato: '2024-01-16' }] }, 'FRA-DATO'],
    [
      'FRA-DATO',
      'keeps an active old case where the override is on',
      openOld,
      { kle: [{ activeCaseOverride: true }] },
      null,
    ],
    [
      'FRA-DATO',
      'hides a closed old case even with the override',
      closed,
      { kle: [{ activeCaseOverride: true }] },
      'FRA-DATO',
    ],
    [
      'UNDTAGET-FOR-BORGER',
      'hides a case undtaget for borger',
      { visningsklasser: [{ kode: 'UNDTAGET_FOR_BORGER' as const, virkning: aVirkning() }] },
      {},
      'UNDTAGET-FOR-BORGER',
    ],
    [
      'UNDTAGET-FOR-BORGER',
      'shows a case whose exemption has ended',
      {
        visningsklasser: [
          { kode: 'UNDTAGET_FOR_BORGER' as const, virkning: aVirkning('2023-01-01T00:00:00Z', '2023-06-01T00:00:00Z') },
        ],
      },
      {},
      null,
    ],
    [
      'UNDTAGET-FOR-BORGER',
      'shows a case whose exemption starts after today',
      { visningsklasser: [{ kode: 'UNDTAGET_FOR_BORGER' as const, virkning: aVirkning('2024-04-11T09:00:00Z') }] },
      {},
      null,
    ],
    [
      'UNDTAGET-FOR-BORGER',
      'hides a case on the day its exemption starts, from the start of that day',
      { visningsklasser: [{ kode: 'UNDTAGET_FOR_BORGER' as const, virkning: aVirkning('2024-04-10T20:00:00Z') }] },
      {},
      'UNDTAGET-FOR-BORGER',
    ],
    [
      'UNDTAGET-FOR-BORGER',
      'hides a case on the day its exemption ends during',
      {
        visningsklasser: [
          { kode: 'UNDTAGET_FOR_BORGER' as const, virkning: aVirkning('2024-01-01T00:00:00Z', '2024-04-10T08:00:00Z') },
        ],
      },
      {},
      'UNDTAGET-FOR-BORGER',
    ],
    [
      'UNDTAGET-FOR-BORGER',
      'shows a case whose exemption ended at midnight Danish time',
      {
        visningsklasser: [
          { kode: 'UNDTAGET_FOR_BORGER' as const, virkning: aVirkning('2024-01-01T00:00:00Z', '2024-04-09T22:00:00Z') },
        ],
      },
      {},
      null,
    ],
  ])('%s: %s', (_rule, _what, sag, config, hiddenBy) => {
    const doc = aStoredCitizen({ sag });
    expect(caseHiddenBy(doc.sager[0]!, { config: aDisplayConfiguration(config), today: TODAY })).toBe(hiddenBy);
  });

  it('SAFETY-NET: hides a case whose own title the safety net holds, not one whose document title it holds', () => {
    const ctx = { config: aDisplayConfiguration(), today: TODAY };
    expect(
      caseHiddenBy(aStoredCitizen({ held: [{ objectId: SAG_ID, pointer: '/object/titel' }] }).sager[0]!, ctx),
    ).toBe('SAFETY-NET');
    expect(
      caseHiddenBy(
        aStoredCitizen({ held: [{ objectId: SAG_ID, pointer: '/object/journalposter/0/titel' }] }).sager[0]!,
        ctx,
      ),
    ).toBeNull();
  });
});

describe('document titles', () => {
  const dokOf = (overrides: Parameters<typeof aStoredCitizen>[0] = {}) =>
    aStoredCitizen(overrides).sager[0]!.dokumenter[0]!;
  it.each([
    ['shows a final outgoing letter', {}, {}, null],
    [
      'hides every title where the municipality does not show them',
      {},
      { documentTitles: false },
      'DOCUMENT-TITLES-OFF',
    ],
    [
      'hides an outgoing letter still being written',
      { dokument: { tilstand: 'Under udarbejdelse' as const } },
      {},
      'DOCUMENT-NOT-A-FINAL-LETTER',
    ],
    [
      'shows a received incoming letter',
      { dokument: { dokumenttype: 'Brev, indgaaende' as const, tilstand: 'Modtaget' as const } },
      {},
      null,
    ],
    [
      'hides an internal note',
      { dokument: { dokumenttype: 'Internt Notat' as const } },
      {},
      'DOCUMENT-NOT-A-FINAL-LETTER',
    ],
    [
      'hides a document undtaget for borger',
      { dokument: { visningsklasser: [{ kode: 'UNDTAGET_FOR_BORGER' as const, virkning: aVirkning() }] } },
      {},
      'UNDTAGET-FOR-BORGER',
    ],
    [
      'hides a held document title',
      { held: [{ objectId: SAG_ID, pointer: '/object/journalposter/0/titel' }] },
      {},
      'SAFETY-NET',
    ],
  ])('%s', (_what, parts, kle, hiddenBy) => {
    expect(documentHiddenBy(dokOf(parts), anOpenedKle(kle), TODAY)).toBe(hiddenBy);
  });
});

describe('grant and payment coupling', () => {
  const run = (
    parts: Parameters<typeof aStoredCitizen>[0],
    config = aDisplayConfiguration(),
    hidden: string[] = [],
  ) => {
    const v = visibleBenefits(aStoredCitizen(parts), { config, today: TODAY }, new Set(hidden));
    return {
      grants: v.bevillinger.map((g) => g.bevilling.id),
      payments: v.effektueringer.length,
      hiddenBy: v.hidden.map((h) => `${h.objectType} ${h.rule}`),
    };
  };
  const BOTH_PAYMENTS_UNPAID = ['effektuering EFFEKTUERING-LINJE-OPENED', 'effektuering EFFEKTUERING-LINJE-OPENED'];

  it('shows a grant with an opened KLE and its payments', () => {
    expect(run({})).toEqual({ grants: [BEVILLING_ID], payments: 2, hiddenBy: [] });
  });
  it('BEVILLING-EFFEKTUERING-SHOWN: hides a grant without any payment that passes', () => {
    expect(run({ effektueringer: [] })).toEqual({
      grants: [],
      payments: 0,
      hiddenBy: ['bevilling BEVILLING-EFFEKTUERING-SHOWN'],
    });
  });
  it('EFFEKTUERING-LINJE-OPENED: hides a payment whose line KLE is closed, and so the grant it alone paid', () => {
    const config = aDisplayConfiguration({ kle: [{}, { kle: '15.17.06', shown: false }] });
    const lineKle = {
      linjer: [
        {
          bevillingUuid: BEVILLING_ID,
          ydelseId: 'ydelse-1',
          periodeStart: '2024-02-01',
          periodeSlut: '2024-02-29',
          beloeb: '1.00',
          kle: '15.17.06',
        },
      ],
    };
    expect(run({ effektueringer: [lineKle] }, config)).toEqual({
      grants: [],
      payments: 0,
      hiddenBy: ['effektuering EFFEKTUERING-LINJE-OPENED', 'bevilling BEVILLING-EFFEKTUERING-SHOWN'],
    });
  });
  it('BEVILLING-YDELSE-OPENED: hides a grant none of whose benefits has an opened KLE, with its payments', () => {
    const config = aDisplayConfiguration({ kle: [{ shown: false }] });
    expect(run({}, config)).toEqual({
      grants: [],
      payments: 0,
      hiddenBy: ['bevilling BEVILLING-YDELSE-OPENED', ...BOTH_PAYMENTS_UNPAID],
    });
  });
  it('BEVILLING-SAG-HIDDEN: hides a grant on a hidden case', () => {
    expect(run({}, aDisplayConfiguration(), [SAG_ID])).toEqual({
      grants: [],
      payments: 0,
      hiddenBy: ['bevilling BEVILLING-SAG-HIDDEN', ...BOTH_PAYMENTS_UNPAID],
    });
  });
  it('CONNECTED: hides a grant and its payments from a suspended connection', () => {
    expect(run({}, aDisplayConfiguration({ connection: 'SUSPENDED' }))).toEqual({
      grants: [],
      payments: 0,
      hiddenBy: ['bevilling CONNECTED', 'effektuering CONNECTED', 'effektuering CONNECTED'],
    });
  });
  it('SAFETY-NET: hides a held grant (and so its payments) and a held payment', () => {
    expect(run({ held: [{ objectId: BEVILLING_ID, pointer: '/object/ydelser/0/navn' }] })).toEqual({
      grants: [],
      payments: 0,
      hiddenBy: ['bevilling SAFETY-NET', ...BOTH_PAYMENTS_UNPAID],
    });
    const [payment] = aStoredCitizen({}).effektueringer;
    expect(run({ held: [{ objectId: payment!.id, pointer: '/object/forklaring' }] })).toEqual({
      grants: [BEVILLING_ID],
      payments: 1,
      hiddenBy: ['effektuering SAFETY-NET'],
    });
  });
  it('applies the fra-dato to the benefit start, with the active override for an unended benefit', () => {
    expect(run({}, aDisplayConfiguration({ kle: [{ fraDato: '2024-03-01' }] }))).toEqual({
      grants: [],
      payments: 0,
      hiddenBy: ['bevilling BEVILLING-YDELSE-OPENED', ...BOTH_PAYMENTS_UNPAID],
    });
    expect(
      run({}, aDisplayConfiguration({ kle: [{ fraDato: '2024-03-01', activeCaseOverride: true }] })).grants,
    ).toEqual([BEVILLING_ID]);
  });
});
