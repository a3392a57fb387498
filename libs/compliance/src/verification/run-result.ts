/**
 * The result of one certification run of a vendor's fagsystem, whichever way it was run: the verifier
 * asking the vendor's HTTP provider for each interaction, or a session watching what the vendor's
 * system delivered to a sandbox. Reports (Markdown, HTML, JUnit) and the signed evidence pack are
 * made from this shape alone.
 */
export type RunMode = 'verifier' | 'session';

export type InteractionOutcome = 'passed' | 'failed' | 'skipped';

/** One thing wrong with one delivery: the rule it broke and where. */
export interface RunFinding {
  /** A rule id of the platform's catalogue (e.g. `SAG-FREMDRIFT-OPSTAAET-FIRST`) or of the harness (`PACT-…`, `SESSION-…`). */
  rule: string;
  /** JSON pointer into the delivery as the vendor sent it (`/items/0/object/titel`), or `''` for the whole delivery. */
  pointer: string;
  /** What is wrong, in English, naming the defect; never holds personal data in clear. */
  message: string;
  /** The offending value, masked where it is personal data (a CPR number shows as `DDMMYY-XXXX`). */
  value?: string;
}

export interface InteractionResult {
  /** The pattern's id (DeliveryPatternId) or, in a session, the scenario's id. */
  id: string;
  /** The interaction's description as in the contract. */
  description: string;
  providerStates: Array<{ name: string; params?: Record<string, unknown> }>;
  outcome: InteractionOutcome;
  findings: RunFinding[];
  /** SHA-256 (hex) of the canonical JSON of every delivery checked for this interaction. */
  deliveryHashes: string[];
  durationMs: number;
}

export interface RunResult {
  mode: RunMode;
  contract: { version: string; sha256: string };
  fagsystem: { id: string; version: string };
  /** The pilot municipality's CVR. */
  pilotMunicipality: string;
  tool: { name: string; version: string };
  /** ISO 8601 with offset. */
  startedAt: string;
  finishedAt: string;
  interactions: InteractionResult[];
  /** True when every interaction that was asked for passed. */
  passed: boolean;
}
