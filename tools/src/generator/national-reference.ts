import { ETAPE_1_EMNER } from '@overblik/kle';
import type { FagsystemRow, KleConfigRow, MunicipalityRow } from '@overblik/persistence';
import {
  demoConnections,
  demoKleConfig,
  FAGSYSTEMS,
  isDemoMunicipality,
  MUNICIPALITIES,
  MUNICIPALITY_NAMES,
} from '../demo/reference-data';
import { mixSeed, Prng } from './prng';

type MunicipalityName = (typeof MUNICIPALITY_NAMES)[number];
type Category = FagsystemRow['category'];
type ConnectionStatus = 'PILOT' | 'CERTIFIED' | 'ROLLED_OUT';

/**
 * Approximate populations in thousands (rounded public figures, early 2020s). They only weight how many
 * synthetic citizens each municipality gets; exact numbers do not matter.
 */
const POPULATION_THOUSANDS: Readonly<Record<MunicipalityName, number>> = {
  Albertslund: 28,
  Allerød: 26,
  Assens: 41,
  Ballerup: 49,
  Billund: 27,
  Bornholm: 39,
  Brøndby: 36,
  Brønderslev: 36,
  Dragør: 14,
  Egedal: 44,
  Esbjerg: 116,
  Fanø: 3.5,
  Favrskov: 49,
  Faxe: 37,
  Fredensborg: 41,
  Fredericia: 52,
  Frederiksberg: 104,
  Frederikshavn: 59,
  Frederikssund: 46,
  Furesø: 41,
  'Faaborg-Midtfyn': 52,
  Gentofte: 75,
  Gladsaxe: 70,
  Glostrup: 23,
  Greve: 50,
  Gribskov: 41,
  Guldborgsund: 60,
  Haderslev: 56,
  Halsnæs: 31,
  Hedensted: 47,
  Helsingør: 63,
  Herlev: 29,
  Herning: 89,
  Hillerød: 52,
  Hjørring: 64,
  Holbæk: 72,
  Holstebro: 59,
  Horsens: 92,
  Hvidovre: 54,
  'Høje-Taastrup': 51,
  Hørsholm: 25,
  'Ikast-Brande': 41,
  Ishøj: 23,
  Jammerbugt: 38,
  Kalundborg: 49,
  Kerteminde: 24,
  Kolding: 94,
  København: 650,
  Køge: 62,
  Langeland: 12,
  Lejre: 28,
  Lemvig: 20,
  Lolland: 40,
  'Lyngby-Taarbæk': 56,
  Læsø: 1.8,
  Mariagerfjord: 42,
  Middelfart: 39,
  Morsø: 20,
  Norddjurs: 37,
  Nordfyns: 29,
  Nyborg: 32,
  Næstved: 83,
  Odder: 23,
  Odense: 206,
  Odsherred: 33,
  Randers: 98,
  Rebild: 31,
  'Ringkøbing-Skjern': 56,
  Ringsted: 35,
  Roskilde: 90,
  Rudersdal: 57,
  Rødovre: 41,
  Samsø: 3.7,
  Silkeborg: 96,
  Skanderborg: 63,
  Skive: 46,
  Slagelse: 79,
  Solrød: 23,
  Sorø: 30,
  Stevns: 23,
  Struer: 21,
  Svendborg: 59,
  Syddjurs: 43,
  Sønderborg: 74,
  Thisted: 43,
  Tønder: 37,
  Tårnby: 43,
  Vallensbæk: 17,
  Varde: 50,
  Vejen: 43,
  Vejle: 120,
  Vesthimmerlands: 37,
  Viborg: 97,
  Vordingborg: 45,
  Ærø: 6,
  Aabenraa: 59,
  Aalborg: 220,
  Aarhus: 360,
};

/** The demo municipalities of tools/src/db/seed-demo.ts keep the systems the demo seed connects. */
const DEMO_SYSTEMS: Partial<Record<MunicipalityName, Partial<Record<Category, string>>>> = {
  Aarhus: { ESDH: 'fs-arkiva', EOJ: 'fs-omsorg', JOBCENTER: 'fs-jobnet' },
  Odense: { ESDH: 'fs-arkiva', EOJ: 'fs-omsorg', JOBCENTER: 'fs-jobnet' },
  Aalborg: { ESDH: 'fs-arkiva', EOJ: 'fs-omsorg', JOBCENTER: 'fs-jobnet' },
  København: { ESDH: 'fs-arkiva', EOJ: 'fs-omsorg', JOBCENTER: 'fs-jobnet' },
  Esbjerg: { ESDH: 'fs-arkiva', EOJ: 'fs-omsorg', JOBCENTER: 'fs-jobnet' },
};

/** Market shares of the invented systems within their category (weights). */
const MARKET_SHARE: Readonly<Record<string, number>> = {
  'fs-arkiva': 35,
  'fs-journa': 25,
  'fs-dokumo': 20,
  'fs-sagsbro': 12,
  'fs-akta': 8,
  'fs-omsorg': 40,
  'fs-plejen': 30,
  'fs-carelog': 20,
  'fs-hjemme': 10,
  'fs-jobnet': 60,
  'fs-beskaeft': 40,
  'fs-plads': 55,
  'fs-institut': 45,
};

const CATEGORIES: readonly Category[] = ['ESDH', 'EOJ', 'JOBCENTER', 'PLADSANVISNING'];

/** Labour-market emner beyond etape 1 that some municipalities choose to show too. */
const EXTRA_EMNER = ['15.17.22', '15.17.26', '15.20.24'] as const;

export interface NationalMunicipality extends MunicipalityRow {
  /** Relative weight for the number of citizens (population in thousands). */
  weight: number;
  /** The connected fagsystem of each category. */
  systems: Record<Category, string>;
  connections: Array<{ fagsystemId: string; status: ConnectionStatus }>;
  /** The KLE emner the municipality shows (etape 1, sometimes more). */
  shownEmner: string[];
}

/** Fixed stream of the reference data: it does not depend on the generator seed (one national picture). */
const REFERENCE_STREAM = 0x7e1e_0001;

function buildNational(): NationalMunicipality[] {
  const pilots = new Set<string>();
  return MUNICIPALITY_NAMES.map((name, i) => {
    const municipality = MUNICIPALITIES[i] as MunicipalityRow;
    const rng = new Prng(mixSeed(REFERENCE_STREAM, i));
    const demo = DEMO_SYSTEMS[name] ?? {};
    const systems = Object.fromEntries(
      CATEGORIES.map((category) => {
        const fixed = demo[category];
        if (fixed) return [category, fixed];
        const candidates = FAGSYSTEMS.filter((f) => f.category === category).map(
          (f) => [f.id, MARKET_SHARE[f.id] ?? 1] as const,
        );
        return [category, rng.weighted(candidates)];
      }),
    ) as Record<Category, string>;
    const connections = CATEGORIES.map((category) => {
      const fagsystemId = systems[category];
      // the first municipality met with a system is its pilot; some later ones are certified, not yet rolled out
      const status: ConnectionStatus = !pilots.has(fagsystemId)
        ? 'PILOT'
        : rng.chance(0.1)
          ? 'CERTIFIED'
          : 'ROLLED_OUT';
      pilots.add(fagsystemId);
      return { fagsystemId, status };
    });
    const shownEmner = [...ETAPE_1_EMNER, ...EXTRA_EMNER.filter(() => rng.chance(0.3))];
    // a demo municipality's systems have the demo seed's statuses (the same rows whichever seed runs last)
    const demoStatus = isDemoMunicipality(name)
      ? new Map(demoConnections(name).map((c) => [c.fagsystemId, c.status]))
      : undefined;
    const seeded = connections.map((c) => ({ ...c, status: demoStatus?.get(c.fagsystemId) ?? c.status }));
    return { ...municipality, weight: POPULATION_THOUSANDS[name], systems, connections: seeded, shownEmner };
  });
}

/** All 98 municipalities with their synthetic connections and shown emner (deterministic). */
export const NATIONAL_MUNICIPALITIES: readonly NationalMunicipality[] = Object.freeze(buildNational());

/**
 * Display configuration of every municipality for every emne it shows: a fra-dato no later than
 * 31/12/2020 (etape 1), the active-case switch, title source, document titles, links, contact points,
 * and now and then a fagsystem filter (only the jobcentre system's records for a benefit emne).
 */
export function nationalKleConfigs(): KleConfigRow[] {
  return NATIONAL_MUNICIPALITIES.flatMap((m, i) => {
    const rng = new Prng(mixSeed(REFERENCE_STREAM, 1000 + i));
    const name = MUNICIPALITY_NAMES[i] as MunicipalityName;
    const slug = m.name
      .replace(/ Kommune$/, '')
      .toLowerCase()
      .replace(/[^a-zæøå0-9]+/g, '-');
    return m.shownEmner.map((kle): KleConfigRow => {
      const etape1 = ETAPE_1_EMNER.includes(kle);
      const fraDato = etape1
        ? rng.pick(['2019-01-01', '2019-07-01', '2020-01-01', '2020-07-01', '2020-12-31'])
        : '2022-01-01';
      const national: KleConfigRow = {
        municipalityCvr: m.cvr,
        kle,
        shown: true,
        fraDato,
        activeCaseOverride: rng.chance(0.5),
        titleSource: rng.chance(0.2) ? 'SAG' : 'KLE',
        documentTitles: rng.chance(0.5),
        selfserviceUrl: `https://selvbetjening.example/${slug}/${kle}`,
        borgerdkUrl: `https://www.borger.dk/emne/${kle}`,
        fagsystemFilter: kle.startsWith('32.') && rng.chance(0.1) ? [m.systems.JOBCENTER] : [],
        contactPoints: [
          { type: 'DIGITAL_POST', value: m.cvr, label: `${m.name}, Jobcenter` },
          { type: 'TELEFON', value: '+45 70 00 00 00', label: 'Telefontid 9–15' },
        ],
      };
      // the demo seed's etape-1 rows for a demo municipality (drawn above all the same: the stream stays put)
      return etape1 && isDemoMunicipality(name) ? demoKleConfig(name, kle) : national;
    });
  });
}

/** The demo municipalities (tools/src/db/seed-demo.ts) only: what a demo database has connected. */
export const DEMO_SCOPE: readonly NationalMunicipality[] = Object.freeze(
  NATIONAL_MUNICIPALITIES.filter((m) => Object.keys(DEMO_SYSTEMS).some((name) => m.name === `${name} Kommune`)),
);
