export {
  HANDLINGSFACET_CATEGORIES,
  KLE_LEVELS,
  ancestorNumbersOf,
  compareKleNumbers,
  handlingsfacetCategoryOf,
  isEmneNr,
  isGruppeNr,
  isHandlingsfacetNr,
  isHovedgruppeNr,
  isKleNumber,
  levelOf,
  normalizeKleNumber,
  parentOf,
  type HandlingsfacetCategory,
  type KleLevel,
} from './kle-number';
export {
  KleCatalogue,
  type KleCatalogueDiff,
  type KleCatalogueLookup,
  type KleMove,
  type KleNode,
  type KleRetitle,
} from './kle-catalogue';
export { KleCatalogueError, KleImportError } from './kle-catalogue.error';
export { importKleXml, type KleXmlImportOptions } from './importers/kle-xml.importer';
export {
  importKleCsv,
  importKleCsvWithWarnings,
  type KleCsvImportOptions,
  type KleCsvImportResult,
} from './importers/kle-csv.importer';
export {
  ETAPE_1_EMNER,
  ETAPE_1_OMRAADER,
  KLE_SEED_UUID_NAMESPACE,
  LABOUR_MARKET_SEED_VERSION,
  kleSeedUuid,
  labourMarketSeed,
  type EtapeOmraade,
} from './seed/labour-market.seed';
export { nameBasedUuid } from './seed/name-based-uuid.util';
export { SHIPPED_KLE_LIST } from './shipped-kle-list';
