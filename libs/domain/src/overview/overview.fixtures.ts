import { type CitizenOverviewDocument, projectCitizenOverview } from '../read-model/citizen-overview.projection';
import { aBevilling, aDokument, anEffektuering, aSag, FACTORY_DEFAULTS, syntheticUuid } from '../testing/factories';
import {
  buildDisplayConfiguration,
  type DisplayConfiguration,
  type EmergencyHide,
  type KleDisplayConfig,
} from './display-configuration';

export const CVR = FACTORY_DEFAULTS.ejerCvr;
export const FS = FACTORY_DEFAULTS.fagsystem;
export const KLE = FACTORY_DEFAULTS.kle;

export const anOpenedKle = (overrides: Partial<KleDisplayConfig> = {}): KleDisplayConfig => ({
  kle: KLE,
  shown: true,
  fraDato: '2020-01-01',
  activeCaseOverride: false,
  titleSource: 'KLE',
  documentTitles: true,
  selfserviceUrl: 'https://selvbetjening.example.dk/kontanthjaelp',
  borgerdkUrl: 'https://www.borger.dk/kontanthjaelp',
  fagsystemFilter: [],
  contactPoints: [{ type: 'TELEFON', value: '70 10 20 30', label: 'Jobcentrets ydelsesteam' }],
  ...overrides,
});

/** One municipality (CVR) connected with FS, KLE opened; overrides per part. */
export function aDisplayConfiguration(
  options: {
    kle?: Array<Partial<KleDisplayConfig>>;
    connection?: 'PILOT' | 'ROLLED_OUT' | 'SUSPENDED' | null;
    emergencyHides?: EmergencyHide[];
  } = {},
): DisplayConfiguration {
  return buildDisplayConfiguration({
    version: '1',
    municipalities: [
      { cvr: CVR, navn: 'Fakeby Kommune' },
      { cvr: '29100002', navn: 'Andenby Kommune' },
    ],
    connections:
      options.connection === null
        ? []
        : [{ municipalityCvr: CVR, fagsystemId: FS, status: options.connection ?? 'ROLLED_OUT' }],
    fagsystems: [{ id: FS, navn: 'Jobnet Ydelse' }],
    kleConfigs: (options.kle ?? [{}]).map((k) => ({ municipalityCvr: CVR, ...anOpenedKle(k) })),
    kleNodes: [
      { nummer: KLE, titel: 'Hjælp til forsørgelse (kontanthjælp mv.)', afloestAf: [] },
      { nummer: '32.24.32', titel: 'Udgået emne', afloestAf: [KLE] },
      { nummer: '15.17.06', titel: 'Sygedagpengeopfølgning', afloestAf: [] },
    ],
    emergencyHides: options.emergencyHides ?? [],
  });
}

export const SAG_ID = syntheticUuid('sag:default');
export const DOK_ID = syntheticUuid('dokument:1');
export const BEVILLING_ID = syntheticUuid('bevilling:default');

/** A citizen with one open case (a final outgoing letter on it), a grant and two monthly payments. */
export function aStoredCitizen(
  parts: {
    sag?: Parameters<typeof aSag>[0];
    dokument?: Parameters<typeof aDokument>[0];
    bevilling?: Parameters<typeof aBevilling>[0];
    effektueringer?: Array<Parameters<typeof anEffektuering>[0]>;
    held?: Array<{ objectId: string; pointer: string }>;
  } = {},
): CitizenOverviewDocument {
  const sag = aSag({ uuid: SAG_ID, journalposter: [{ dokumentUuid: DOK_ID }], ...parts.sag });
  const dok = aDokument({ uuid: DOK_ID, ...parts.dokument });
  const bevilling = aBevilling({ uuid: BEVILLING_ID, sagUuid: SAG_ID, ...parts.bevilling });
  const payments = (
    parts.effektueringer ?? [
      {},
      { periodeStart: '2024-03-01', periodeSlut: '2024-03-31', dispositionsdato: '2024-03-29' },
    ]
  ).map((p, i) =>
    anEffektuering({
      uuid: syntheticUuid(`effektuering:${i}`),
      linjer: [
        {
          bevillingUuid: BEVILLING_ID,
          ydelseId: 'ydelse-1',
          periodeStart: p?.periodeStart ?? '2024-02-01',
          periodeSlut: p?.periodeSlut ?? '2024-02-29',
          beloeb: '12550.00',
          kle: KLE,
        },
      ],
      ...p,
    }),
  );
  return projectCitizenOverview({
    sager: [{ id: sag.uuid, body: sag, links: [{ dokumentId: DOK_ID, titel: null }] }],
    dokumenter: [{ id: dok.uuid, body: dok }],
    bevillinger: [{ id: bevilling.uuid, body: bevilling }],
    effektueringer: payments.map((p) => ({ id: p.uuid, body: p })),
    held: (parts.held ?? []).map((h) => ({ ...h, reason: 'CPR-LIKE' })),
  })!;
}
