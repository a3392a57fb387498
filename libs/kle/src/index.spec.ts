import * as kle from './index';

describe('@overblik/kle barrel', () => {
  it('exposes exactly the public API', () => {
    expect(Object.keys(kle).sort()).toEqual([
      'ETAPE_1_EMNER',
      'ETAPE_1_OMRAADER',
      'HANDLINGSFACET_CATEGORIES',
      'KLE_LEVELS',
      'KLE_SEED_UUID_NAMESPACE',
      'KleCatalogue',
      'KleCatalogueError',
      'KleImportError',
      'LABOUR_MARKET_SEED_VERSION',
      'SHIPPED_KLE_LIST',
      'ancestorNumbersOf',
      'compareKleNumbers',
      'handlingsfacetCategoryOf',
      'importKleCsv',
      'importKleCsvWithWarnings',
      'importKleXml',
      'isEmneNr',
      'isGruppeNr',
      'isHandlingsfacetNr',
      'isHovedgruppeNr',
      'isKleNumber',
      'kleSeedUuid',
      'labourMarketSeed',
      'levelOf',
      'nameBasedUuid',
      'normalizeKleNumber',
      'parentOf',
    ]);
  });

  it('lets delivery validation resolve a retired emne through the barrel', () => {
    const lookup: kle.KleCatalogueLookup = kle.labourMarketSeed();
    expect([lookup.exists('32.24.32'), lookup.isRetired('32.24.32'), lookup.replacementFor('32.24.32')]).toEqual([
      true,
      true,
      '32.24.04',
    ]);
  });
});
