/**
 * What the display rules read: a snapshot of every municipality's configuration (DOMAIN.md §4). Built by
 * the API from the configuration tables and replaced as soon as the stored configuration version moves,
 * so a change takes effect on the next call.
 */

export type ConnectionStatus = 'PILOT' | 'CERTIFIED' | 'ROLLED_OUT' | 'SUSPENDED';
export type ContactPointType = 'DIGITAL_POST' | 'TELEFON' | 'EMAIL' | 'HJEMMESIDE' | 'FYSISK';

export interface KleDisplayConfig {
  kle: string;
  shown: boolean;
  /** YYYY-MM-DD: cases created (first Opstaaet) before this day are not shown … */
  fraDato: string;
  /** … unless this is on and the case is still active ("deaktiver fradato for aktive sager og tilhørende ydelser"). */
  activeCaseOverride: boolean;
  titleSource: 'KLE' | 'SAG';
  documentTitles: boolean;
  selfserviceUrl: string | null;
  borgerdkUrl: string | null;
  /** Empty: records of every connected fagsystem are shown. */
  fagsystemFilter: readonly string[];
  contactPoints: ReadonlyArray<{ type: ContactPointType; value: string; label: string | null }>;
}

export interface DisplayConfiguration {
  /** The stored configuration version this snapshot was built from. */
  version: string;
  municipalities: ReadonlyMap<string, { navn: string }>;
  /** Per municipality CVR: fagsystem id → connection status. */
  connections: ReadonlyMap<string, ReadonlyMap<string, ConnectionStatus>>;
  fagsystemNames: ReadonlyMap<string, string>;
  /** Key `${cvr}|${kle}`. */
  kle: ReadonlyMap<string, KleDisplayConfig>;
  /** Current KLE catalogue: emne number → title. */
  kleTitles: ReadonlyMap<string, string>;
  /** Retired emne → the emne that replaced it ("afløst af"), so configuration survives KLE moves. */
  kleReplacedBy: ReadonlyMap<string, string>;
  /** Emergency stops in force, key `${cvr}|${scope}|${value}` → the stop's id (EMERGENCY-HIDDEN). */
  emergencyHides: ReadonlyMap<string, string>;
}

/** What an emergency stop hides for one municipality: a KLE emne, a fagsystem's records, or one record (object uuid). */
export type EmergencyScope = 'KLE' | 'FAGSYSTEM' | 'RECORD';

export interface EmergencyHide {
  id: string;
  municipalityCvr: string;
  scope: EmergencyScope;
  value: string;
}

export interface DisplayConfigurationInput {
  version: string;
  municipalities: Array<{ cvr: string; navn: string }>;
  connections: Array<{ municipalityCvr: string; fagsystemId: string; status: ConnectionStatus }>;
  fagsystems: Array<{ id: string; navn: string }>;
  kleConfigs: Array<KleDisplayConfig & { municipalityCvr: string }>;
  kleNodes: Array<{ nummer: string; titel: string; afloestAf: readonly string[] }>;
  /** Emergency stops not lifted (none when absent). */
  emergencyHides?: readonly EmergencyHide[];
}

export const emergencyKey = (cvr: string, scope: EmergencyScope, value: string): string => `${cvr}|${scope}|${value}`;

export const configKey = (cvr: string, kle: string): string => `${cvr}|${kle}`;

export function buildDisplayConfiguration(input: DisplayConfigurationInput): DisplayConfiguration {
  const connections = new Map<string, Map<string, ConnectionStatus>>();
  for (const c of input.connections) {
    const m = connections.get(c.municipalityCvr) ?? new Map<string, ConnectionStatus>();
    m.set(c.fagsystemId, c.status);
    connections.set(c.municipalityCvr, m);
  }
  return {
    version: input.version,
    municipalities: new Map(input.municipalities.map((m) => [m.cvr, { navn: m.navn }])),
    connections,
    fagsystemNames: new Map(input.fagsystems.map((f) => [f.id, f.navn])),
    kle: new Map(input.kleConfigs.map(({ municipalityCvr, ...c }) => [configKey(municipalityCvr, c.kle), c])),
    kleTitles: new Map(input.kleNodes.map((n) => [n.nummer, n.titel])),
    kleReplacedBy: new Map(
      input.kleNodes.filter((n) => n.afloestAf.length === 1).map((n) => [n.nummer, n.afloestAf[0]!]),
    ),
    emergencyHides: new Map(
      (input.emergencyHides ?? []).map((h) => [emergencyKey(h.municipalityCvr, h.scope, h.value), h.id]),
    ),
  };
}

/** Whether citizens may see this fagsystem's records from this municipality (connected and not suspended). */
export function isConnected(config: DisplayConfiguration, cvr: string, fagsystemId: string): boolean {
  const status = config.connections.get(cvr)?.get(fagsystemId);
  return status !== undefined && status !== 'SUSPENDED';
}

/**
 * The municipality's configuration for a KLE emne; a retired emne finds the configuration of the emne
 * that replaced it (followed at most a few steps, so a cycle in a catalogue cannot hang a call).
 */
export function kleConfigFor(config: DisplayConfiguration, cvr: string, kle: string): KleDisplayConfig | undefined {
  let nummer: string | undefined = kle;
  for (let hop = 0; nummer !== undefined && hop < 4; hop++) {
    const found = config.kle.get(configKey(cvr, nummer));
    if (found) return found;
    nummer = config.kleReplacedBy.get(nummer);
  }
  return undefined;
}

export function kleTitle(config: DisplayConfiguration, kle: string): string {
  return config.kleTitles.get(kle) ?? config.kleTitles.get(config.kleReplacedBy.get(kle) ?? '') ?? kle;
}

/**
 * The emergency stop that hides a record of this municipality, if any: one on the record itself, on its
 * fagsystem, or on one of its KLE emner (every emne given must be stopped, so a grant with one open emne
 * left is only narrowed, see visibleBenefits).
 */
export function emergencyHideOf(
  config: DisplayConfiguration,
  cvr: string,
  record: { id: string; fagsystem?: string; kle?: readonly string[] },
): string | null {
  const hides = config.emergencyHides;
  if (!hides || hides.size === 0) return null;
  const on = (scope: EmergencyScope, value: string) => hides.get(emergencyKey(cvr, scope, value));
  const byRecord = on('RECORD', record.id);
  if (byRecord) return byRecord;
  if (record.fagsystem) {
    const byFagsystem = on('FAGSYSTEM', record.fagsystem);
    if (byFagsystem) return byFagsystem;
  }
  if (record.kle?.length) {
    const byKle = record.kle.map((k) => on('KLE', k));
    if (byKle.every((h) => h !== undefined)) return byKle[0]!;
  }
  return null;
}
