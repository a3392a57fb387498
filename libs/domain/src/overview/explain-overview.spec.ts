import { explainOverview } from './explain-overview';
import { aDisplayConfiguration, aStoredCitizen, BEVILLING_ID, CVR, DOK_ID, FS, KLE, SAG_ID } from './overview.fixtures';

const TODAY = '2024-04-10';

describe('explainOverview ("vis som borger")', () => {
  it('shows everything the answer shows, with no rule', () => {
    const { answer, explanations } = explainOverview(aStoredCitizen(), aDisplayConfiguration(), TODAY);
    expect(answer.kommuner[0]!.sager.map((s) => s.id)).toEqual([SAG_ID]);
    expect(explanations.filter((e) => e.objectType === 'sag')).toEqual([
      {
        objectType: 'sag',
        id: SAG_ID,
        vises: true,
        regel: null,
        tekst: null,
        konfiguration: { kommune: CVR, kle: KLE, felt: null },
      },
    ]);
    expect(explanations.every((e) => e.vises)).toBe(true);
  });

  it('names the rule, its Danish text and the configuration line of a closed KLE emne', () => {
    const { answer, explanations } = explainOverview(
      aStoredCitizen(),
      aDisplayConfiguration({ kle: [{ shown: false }] }),
      TODAY,
    );
    expect(answer.kommuner).toEqual([]);
    const sag = explanations.find((e) => e.id === SAG_ID)!;
    expect(sag).toMatchObject({ vises: false, regel: 'KLE-OPENED', konfiguration: { kle: KLE, felt: 'kle.vises' } });
    expect(sag.tekst).toMatch(/KLE/);
    expect(explanations.find((e) => e.id === DOK_ID)).toMatchObject({ vises: false, regel: 'KLE-OPENED' });
    expect(explanations.find((e) => e.id === BEVILLING_ID)).toMatchObject({ regel: 'BEVILLING-SAG-HIDDEN' });
    expect(explanations.filter((e) => e.objectType === 'effektuering').map((e) => e.regel)).toEqual([
      'EFFEKTUERING-LINJE-OPENED',
      'EFFEKTUERING-LINJE-OPENED',
    ]);
  });

  it('explains a document hidden on its own, the case shown', () => {
    const { explanations } = explainOverview(
      aStoredCitizen(),
      aDisplayConfiguration({ kle: [{ documentTitles: false }] }),
      TODAY,
    );
    expect(explanations.find((e) => e.id === SAG_ID)!.vises).toBe(true);
    expect(explanations.find((e) => e.id === DOK_ID)).toMatchObject({
      regel: 'DOCUMENT-TITLES-OFF',
      konfiguration: { felt: 'kle.dokumenttitler' },
    });
  });

  it('answers an empty list for a citizen with nothing stored', () => {
    expect(explainOverview(null, aDisplayConfiguration(), TODAY).explanations).toEqual([]);
  });
});

describe('EMERGENCY-HIDDEN: an emergency stop hides at once', () => {
  const stop = (scope: 'KLE' | 'FAGSYSTEM' | 'RECORD', value: string, cvr: string = CVR) =>
    aDisplayConfiguration({ emergencyHides: [{ id: 'stop-1', municipalityCvr: cvr, scope, value }] });

  it.each([
    ['a KLE emne', 'KLE' as const, KLE],
    ['a fagsystem', 'FAGSYSTEM' as const, FS],
  ])('hides case, documents, grant and payments of %s', (_what, scope, value) => {
    const { answer, explanations } = explainOverview(aStoredCitizen(), stop(scope, value), TODAY);
    expect(answer.kommuner).toEqual([]);
    expect(explanations.find((e) => e.id === SAG_ID)).toMatchObject({
      regel: 'EMERGENCY-HIDDEN',
      konfiguration: { felt: 'noedstop' },
    });
    expect(explanations.find((e) => e.id === BEVILLING_ID)!.vises).toBe(false);
    expect(explanations.filter((e) => e.objectType === 'effektuering').map((e) => e.regel)).toEqual([
      'EMERGENCY-HIDDEN',
      'EMERGENCY-HIDDEN',
    ]);
  });

  it('hides one document as a record, the case stays', () => {
    const { answer, explanations } = explainOverview(aStoredCitizen(), stop('RECORD', DOK_ID), TODAY);
    expect(answer.kommuner[0]!.sager[0]!.dokumenter).toEqual([]);
    expect(explanations.find((e) => e.id === DOK_ID)!.regel).toBe('EMERGENCY-HIDDEN');
    expect(explanations.find((e) => e.id === SAG_ID)!.vises).toBe(true);
  });

  it('hides one grant as a record', () => {
    const { explanations } = explainOverview(aStoredCitizen(), stop('RECORD', BEVILLING_ID), TODAY);
    expect(explanations.find((e) => e.id === BEVILLING_ID)!.regel).toBe('EMERGENCY-HIDDEN');
  });

  it("does not touch another municipality's records", () => {
    const { answer } = explainOverview(aStoredCitizen(), stop('KLE', KLE, '29100002'), TODAY);
    expect(answer.kommuner[0]!.sager.map((s) => s.id)).toEqual([SAG_ID]);
  });
});
