import { aDisplayConfiguration, anOpenedKle, aStoredCitizen, CVR, KLE } from '../overview/overview.fixtures';
import { compareImpact, withMunicipalitySnapshot } from './kle-config.impact';

const TODAY = '2024-06-01';

describe('compareImpact', () => {
  const live = aDisplayConfiguration({ kle: [{ shown: false }] });
  const opened = withMunicipalitySnapshot(live, CVR, {
    lines: [{ ...anOpenedKle(), fagsystemFilter: [], contactPoints: [] }],
  });

  it('counts the citizen, case, document and payments that appear when an emne opens', () => {
    const impact = compareImpact([aStoredCitizen()], CVR, live, opened, TODAY);
    expect(impact.citizensConsidered).toBe(1);
    expect(impact.citizens).toEqual({ appear: 1, disappear: 0 });
    expect(impact.cases.appear).toBe(1);
    expect(impact.cases.appearExamples).toEqual([
      expect.objectContaining({ kle: KLE, title: 'Hjælp til forsørgelse (kontanthjælp mv.)' }),
    ]);
    expect(impact.documents.appear).toBe(1);
    expect(impact.payments.appear).toBe(2);
    expect(impact.cases.disappear + impact.documents.disappear + impact.payments.disappear).toBe(0);
  });

  it('counts what disappears when the draft closes it again', () => {
    const impact = compareImpact([aStoredCitizen(), aStoredCitizen()], CVR, opened, live, TODAY);
    expect(impact.citizens).toEqual({ appear: 0, disappear: 2 });
    expect(impact.cases).toMatchObject({ appear: 0, disappear: 2 });
  });

  it('hides cases created before a later fra-dato', () => {
    const later = withMunicipalitySnapshot(live, CVR, {
      lines: [{ ...anOpenedKle({ fraDato: '2099-01-01' }), fagsystemFilter: [], contactPoints: [] }],
    });
    const impact = compareImpact([aStoredCitizen()], CVR, opened, later, TODAY);
    expect(impact.cases.disappear).toBe(1);
  });

  it('keeps at most five examples and never a CPR number in them', () => {
    const docs = Array.from({ length: 7 }, () => aStoredCitizen());
    const impact = compareImpact(docs, CVR, live, opened, TODAY);
    expect(impact.cases.appearExamples).toHaveLength(5);
    expect(JSON.stringify(impact)).not.toMatch(/\d{6}-?\d{4}/);
  });

  it('reports nothing for an equal draft', () => {
    const impact = compareImpact([aStoredCitizen()], CVR, opened, opened, TODAY);
    expect(impact.cases).toEqual({ appear: 0, disappear: 0, appearExamples: [], disappearExamples: [] });
  });
});
