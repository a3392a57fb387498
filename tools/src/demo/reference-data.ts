import { createHash } from 'node:crypto';
import type { ConnectionStatus, FagsystemRow, KleConfigRow, MunicipalityRow } from '@overblik/persistence';

/** The 98 Danish municipalities (names are public); CVR-like keys are invented and deterministic. */
export const MUNICIPALITY_NAMES = [
  'Albertslund',
  'Allerød',
  'Assens',
  'Ballerup',
  'Billund',
  'Bornholm',
  'Brøndby',
  'Brønderslev',
  'Dragør',
  'Egedal',
  'Esbjerg',
  'Fanø',
  'Favrskov',
  'Faxe',
  'Fredensborg',
  'Fredericia',
  'Frederiksberg',
  'Frederikshavn',
  'Frederikssund',
  'Furesø',
  'Faaborg-Midtfyn',
  'Gentofte',
  'Gladsaxe',
  'Glostrup',
  'Greve',
  'Gribskov',
  'Guldborgsund',
  'Haderslev',
  'Halsnæs',
  'Hedensted',
  'Helsingør',
  'Herlev',
  'Herning',
  'Hillerød',
  'Hjørring',
  'Holbæk',
  'Holstebro',
  'Horsens',
  'Hvidovre',
  'Høje-Taastrup',
  'Hørsholm',
  'Ikast-Brande',
  'Ishøj',
  'Jammerbugt',
  'Kalundborg',
  'Kerteminde',
  'Kolding',
  'København',
  'Køge',
  'Langeland',
  'Lejre',
  'Lemvig',
  'Lolland',
  'Lyngby-Taarbæk',
  'Læsø',
  'Mariagerfjord',
  'Middelfart',
  'Morsø',
  'Norddjurs',
  'Nordfyns',
  'Nyborg',
  'Næstved',
  'Odder',
  'Odense',
  'Odsherred',
  'Randers',
  'Rebild',
  'Ringkøbing-Skjern',
  'Ringsted',
  'Roskilde',
  'Rudersdal',
  'Rødovre',
  'Samsø',
  'Silkeborg',
  'Skanderborg',
  'Skive',
  'Slagelse',
  'Solrød',
  'Sorø',
  'Stevns',
  'Struer',
  'Svendborg',
  'Syddjurs',
  'Sønderborg',
  'Thisted',
  'Tønder',
  'Tårnby',
  'Vallensbæk',
  'Varde',
  'Vejen',
  'Vejle',
  'Vesthimmerlands',
  'Viborg',
  'Vordingborg',
  'Ærø',
  'Aabenraa',
  'Aalborg',
  'Aarhus',
] as const;

function syntheticCvr(name: string): string {
  const n = parseInt(createHash('sha256').update(`kommune:${name}`).digest('hex').slice(0, 8), 16);
  return String(29000000 + (n % 999999)).padStart(8, '0');
}

export const MUNICIPALITIES: MunicipalityRow[] = MUNICIPALITY_NAMES.map((name) => ({
  cvr: syntheticCvr(name),
  name: `${name} Kommune`,
}));

export function municipalityByName(name: (typeof MUNICIPALITY_NAMES)[number]): MunicipalityRow {
  const m = MUNICIPALITIES.find((x) => x.name === `${name} Kommune`);
  if (!m) throw new Error(`unknown municipality ${name}`);
  return m;
}

/** 13 invented fagsystems across the four categories (5 ESDH, 4 EOJ, 2 jobcentre, 2 pladsanvisning). */
export const FAGSYSTEMS: FagsystemRow[] = [
  { id: 'fs-arkiva', vendor: 'Arkiva A/S', product: 'Arkiva Sag', version: '9.2', category: 'ESDH' },
  { id: 'fs-journa', vendor: 'Journa ApS', product: 'Journa ESDH', version: '2024.3', category: 'ESDH' },
  { id: 'fs-dokumo', vendor: 'Dokumo A/S', product: 'Dokumo', version: '12.1', category: 'ESDH' },
  { id: 'fs-sagsbro', vendor: 'Sagsbro ApS', product: 'Sagsbro', version: '5.0', category: 'ESDH' },
  { id: 'fs-akta', vendor: 'Akta Systems', product: 'Akta Kommune', version: '3.7', category: 'ESDH' },
  { id: 'fs-omsorg', vendor: 'Omsorg IT', product: 'Omsorg EOJ', version: '8.4', category: 'EOJ' },
  { id: 'fs-plejen', vendor: 'Plejen A/S', product: 'Plejen Journal', version: '2.9', category: 'EOJ' },
  { id: 'fs-carelog', vendor: 'Carelog ApS', product: 'Carelog', version: '6.0', category: 'EOJ' },
  { id: 'fs-hjemme', vendor: 'Hjemme Data', product: 'Hjemme EOJ', version: '4.2', category: 'EOJ' },
  { id: 'fs-jobnet', vendor: 'Jobvej A/S', product: 'Jobvej Fag', version: '11.0', category: 'JOBCENTER' },
  { id: 'fs-beskaeft', vendor: 'Beskæft IT', product: 'Beskæft', version: '7.3', category: 'JOBCENTER' },
  { id: 'fs-plads', vendor: 'Pladsen ApS', product: 'Pladsen', version: '3.1', category: 'PLADSANVISNING' },
  { id: 'fs-institut', vendor: 'Institut Data', product: 'Institut Anvis', version: '1.8', category: 'PLADSANVISNING' },
];

/**
 * The demo municipalities: they have connected systems and configured etape 1. The demo seed
 * (tools/src/db/seed-demo.ts) and the generator's national seed write the same rows for them (from the
 * functions below), so the two seeds can run in either order, and again, and leave the same state.
 */
export const DEMO_MUNICIPALITIES = ['Aarhus', 'Odense', 'Aalborg', 'København', 'Esbjerg'] as const;
export type DemoMunicipalityName = (typeof DEMO_MUNICIPALITIES)[number];

/** The source recorded for the project's labour-market KLE seed, by every seed that loads it. */
export const LABOUR_MARKET_SEED_SOURCE = 'overblik labour-market seed';

/** The demo's word list for the safety net (added to, never replacing, a municipality's own words). */
export const DEMO_SAFETY_WORDS: readonly string[] = ['fortroligt', 'misbrug'];

export interface DemoConnection {
  fagsystemId: string;
  status: Exclude<ConnectionStatus, 'SUSPENDED'>;
}

/** A demo municipality's connections: the jobcentre system (Aarhus its pilot), ESDH rolled out, EOJ certified. */
export function demoConnections(name: DemoMunicipalityName): DemoConnection[] {
  return [
    { fagsystemId: 'fs-jobnet', status: name === DEMO_MUNICIPALITIES[0] ? 'PILOT' : 'ROLLED_OUT' },
    { fagsystemId: 'fs-arkiva', status: 'ROLLED_OUT' },
    { fagsystemId: 'fs-omsorg', status: 'CERTIFIED' },
  ];
}

/** A demo municipality's display configuration of one etape-1 emne. */
export function demoKleConfig(name: DemoMunicipalityName, kle: string): KleConfigRow {
  const m = municipalityByName(name);
  return {
    municipalityCvr: m.cvr,
    kle,
    shown: true,
    fraDato: '2020-01-01',
    activeCaseOverride: true,
    titleSource: 'KLE',
    documentTitles: DEMO_MUNICIPALITIES.indexOf(name) % 2 === 0,
    selfserviceUrl: `https://selvbetjening.example/${encodeURIComponent(name.toLowerCase())}/${kle}`,
    borgerdkUrl: `https://www.borger.dk/emne/${kle}`,
    fagsystemFilter: [],
    contactPoints: [
      { type: 'DIGITAL_POST', value: `${m.cvr}`, label: `${m.name}, Jobcenter` },
      { type: 'TELEFON', value: '+45 70 00 00 00', label: 'Telefontid 9–15' },
    ],
  };
}

export function isDemoMunicipality(name: string): name is DemoMunicipalityName {
  return (DEMO_MUNICIPALITIES as readonly string[]).includes(name);
}
