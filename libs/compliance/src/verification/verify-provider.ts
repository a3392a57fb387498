import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '@overblik/domain';
import { KleCatalogue, type KleNode, labourMarketSeed } from '@overblik/kle';
import {
  CONTRACT_CITIZEN,
  CONTRACT_VERSION,
  CONTRACT_VERSIONS_FILE,
  DELIVERY_PACT_FILE,
} from '../delivery/delivery-contract';
import {
  CONTRACT_KOMMUNE,
  contractPlatform,
  DeliveryHandling,
  type DeliveryPlatform,
} from '../delivery/delivery-handling';
import { contractHash, type ContractVersions, type PactFileLike } from '../delivery/contract-version';
import { expectationFailures } from '../delivery/pattern-checks';
import {
  type DeliveryBody,
  type DeliveryPattern,
  type DeliveryPatternId,
  DELIVERY_PATTERNS,
  exampleDelivery,
} from '../delivery/patterns';
import { CASEWORKER_TEXT_RULE, caseworkerTextHits } from './caseworker-text.check';
import { findingValue, maskPersonalData } from './finding-value';
import { type PactMatchingRules, shapeMismatches } from './pact-shape';
import type { InteractionResult, RunFinding, RunResult } from './run-result';

export const VERIFIER_TOOL = { name: 'overblik-verify', version: '1.0.0' } as const;

/** The path the verifier POSTs to below the base URL, unless told otherwise (Pact's message transport). */
export const DEFAULT_MESSAGE_PATH = '/messages';

export interface VerifyProgress {
  index: number;
  total: number;
  result: InteractionResult;
}

export interface VerifyProviderOptions {
  /** Where the vendor's provider answers, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The path below the base URL (default `/messages`). */
  path?: string;
  /** One header sent with every request, as `Name: value` (e.g. `Authorization: Bearer …`). */
  authHeader?: string;
  fagsystem: { id: string; version: string };
  /** The pilot municipality's CVR (default: the contract's Testby Kommune). */
  pilotMunicipality?: string;
  /** The contract version to verify against (default: the current one). */
  contractVersion?: string;
  /** Which patterns (default: all). */
  patterns?: readonly string[];
  /** Per request (default 10 s). */
  timeoutMs?: number;
  onProgress?: (progress: VerifyProgress) => void;
}

/** The options cannot be used (an unknown pattern, a contract version this checkout does not hold). */
export class VerifyUsageError extends Error {}

interface PactInteraction {
  description: string;
  providerStates?: Array<{ name: string; params?: Record<string, unknown> }>;
  contents: { content: unknown };
  matchingRules?: { body?: PactMatchingRules };
  metadata?: Record<string, unknown>;
}

interface DeliveryPact extends PactFileLike {
  interactions: Array<PactInteraction & Record<string, unknown>>;
}

/**
 * KLE as the verifier knows it: the labour-market seed, plus an emne KL retired without a successor
 * (32.18.04 Merudgiftsydelse, børn med nedsat funktionsevne, marked "udgår 2025" in KL's mapping), so a
 * delivery under a retired emne that nothing replaces is told apart from an unknown one.
 */
export function verifierKle(): KleCatalogue {
  const seed = labourMarketSeed();
  const nodes: KleNode[] = [];
  const walk = (nr?: string) =>
    seed.children(nr).forEach((n) => {
      nodes.push(n);
      walk(n.nummer);
    });
  walk();
  const extra: KleNode[] = [
    {
      nummer: '32.18',
      titel: 'Særlige ydelser til børn med nedsat funktionsevne',
      level: 'gruppe',
      uuid: '9d7b62f0-5e1c-4a3e-9b52-3218000000aa',
    },
    {
      nummer: '32.18.04',
      titel: 'Merudgiftsydelse, børn med nedsat funktionsevne',
      level: 'emne',
      uuid: '9d7b62f0-5e1c-4a3e-9b52-321804000aaa',
      udgaaet: '2025-01-01',
    },
  ] as KleNode[];
  return new KleCatalogue([...nodes, ...extra.filter((e) => !seed.exists(e.nummer))], `${seed.version}+verifier`);
}

/** The contract's pact file and the hash of the version asked for. */
export function loadDeliveryContract(version = CONTRACT_VERSION): { pact: DeliveryPact; sha256: string } {
  const pact = JSON.parse(readFileSync(DELIVERY_PACT_FILE, 'utf8')) as DeliveryPact;
  const versions = JSON.parse(readFileSync(CONTRACT_VERSIONS_FILE, 'utf8')) as ContractVersions;
  const named = (pact.metadata?.['overblik'] as { contractVersion?: string } | undefined)?.contractVersion;
  if (versions[version] === undefined)
    throw new VerifyUsageError(
      `contract version ${version} is not recorded (known: ${Object.keys(versions).join(', ')})`,
    );
  if (named !== version)
    throw new VerifyUsageError(
      `this checkout holds contract version ${String(named)}; check out the release of ${version} to verify against it`,
    );
  const hash = contractHash(pact);
  if (hash !== versions[version])
    throw new VerifyUsageError(`the pact file does not match the recorded hash of ${version}`);
  return { pact, sha256: hash.replace(/^sha256:/, '') };
}

const sha256 = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** A copy of a body whose items name this fagsystem as master and sender (how the platform held them). */
function asFagsystem(body: DeliveryBody, fagsystemId: string): DeliveryBody {
  const copy = structuredClone(body);
  for (const item of copy.items as Array<{ object?: { itSystem?: Record<string, unknown> } }>)
    if (item.object?.itSystem) item.object.itSystem = { master: fagsystemId, afsender: fagsystemId };
  return copy;
}

/** A copy where the pilot municipality's CVR stands in for the contract's (the platform of the contract knows that one). */
function asContractKommune(body: unknown, pilot: string): unknown {
  if (pilot === CONTRACT_KOMMUNE.cvr || !body || typeof body !== 'object') return body;
  const copy = structuredClone(body) as { items?: unknown };
  if (Array.isArray(copy.items))
    for (const item of copy.items as Array<{ object?: { ejer?: { cvr?: unknown } } }>)
      if (item?.object?.ejer?.cvr === pilot) item.object.ejer.cvr = CONTRACT_KOMMUNE.cvr;
  return copy;
}

/** The ownership rules of the api's intake: the vendor's fagsystem sends and masters each object of the pilot municipality. */
function ownershipFindings(body: unknown, fagsystemId: string, pilot: string): RunFinding[] {
  const items = (body as { items?: unknown })?.items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((item, i): RunFinding[] => {
    const o = (item as { object?: { itSystem?: { master?: unknown; afsender?: unknown }; ejer?: { cvr?: unknown } } })
      ?.object;
    if (!o?.itSystem || !o.ejer) return [];
    const at = (field: string) => `/items/${i}/object/${field}`;
    if (o.itSystem.afsender !== fagsystemId)
      return [
        {
          rule: 'AUTH-AFSENDER-MISMATCH',
          pointer: at('itSystem/afsender'),
          message: `itSystem.afsender must be the fagsystem's id ${fagsystemId}`,
        },
      ];
    if (o.itSystem.master !== fagsystemId)
      return [
        {
          rule: 'AUTH-NOT-MASTER',
          pointer: at('itSystem/master'),
          message: `itSystem.master must be the fagsystem's id ${fagsystemId}`,
        },
      ];
    if (o.ejer.cvr !== pilot)
      return [
        {
          rule: 'AUTH-OWNER-NOT-CONNECTED',
          pointer: at('ejer/cvr'),
          message: `the owner (ejer.cvr) must be the pilot municipality ${pilot}: the fagsystem is connected to no other`,
        },
      ];
    return [];
  });
}

const STATE_TEXT: Record<string, string> = {
  rejected: 'rejected',
  held: 'held by the safety net',
  stale: 'kept in the history only (older than what the platform holds)',
  deferred: 'never applied (waiting for an object that does not arrive)',
};

/** Where a display rule that hides a case points in the delivery. */
const HIDDEN_FIELD: Record<string, string> = {
  'UNDTAGET-FOR-BORGER': 'visningsklasser',
  'KLE-OPENED': 'primaerKlasse/kle',
  'FAGSYSTEM-FILTER': 'itSystem/master',
  'FRA-DATO': 'fremdrift/0/virkning/fra',
  'PRIMARY-CPR-PARTY': 'primaerPart/urn',
};

/** `/items/1/object/fremdrift/0/tilstand` → `/items/1/object/fremdrift`: the delivered field a finding is about. */
const fieldOf = (pointer: string): string => pointer.split('/').slice(0, 5).join('/');

/** Shape mismatches that a platform finding already explains (same delivered field) are left out. */
function unexplained<T extends { pointer: string }>(mismatches: T[], findings: readonly RunFinding[]): T[] {
  const fields = findings.map((f) => fieldOf(f.pointer));
  return mismatches.filter(
    (m) => !fields.some((f) => m.pointer === f || m.pointer.startsWith(`${f}/`) || f.startsWith(`${m.pointer}/`)),
  );
}

interface Answer {
  body?: unknown;
  findings: RunFinding[];
}

async function askProvider(
  options: VerifyProviderOptions,
  request: { description: string; providerStates: Array<{ name: string; params: Record<string, unknown> }> },
  expectedMetadata: Record<string, unknown> | undefined,
): Promise<Answer> {
  const url = new URL(`${options.baseUrl.replace(/\/+$/, '')}${options.path ?? DEFAULT_MESSAGE_PATH}`);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.authHeader) {
    const at = options.authHeader.indexOf(':');
    headers[options.authHeader.slice(0, at).trim().toLowerCase()] = options.authHeader.slice(at + 1).trim();
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return {
      findings: [
        {
          rule: 'VERIFY-PROVIDER-UNREACHABLE',
          pointer: '',
          message: `no answer from ${url.origin}${url.pathname} (${cause})`,
        },
      ],
    };
  }
  const text = await response.text();
  if (response.status !== 200)
    return {
      findings: [
        {
          rule: 'VERIFY-PROVIDER-STATUS',
          pointer: '',
          message: `the provider answered ${response.status}, not 200 with the message`,
          value: maskPersonalData(text.slice(0, 160)),
        },
      ],
    };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { findings: [{ rule: 'VERIFY-PROVIDER-JSON', pointer: '', message: 'the answer is not JSON' }] };
  }
  const findings: RunFinding[] = [];
  const header = response.headers.get('pact-message-metadata');
  let metadata: Record<string, unknown> | undefined;
  try {
    metadata = header
      ? (JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Record<string, unknown>)
      : undefined;
  } catch {
    metadata = undefined;
  }
  if (!metadata)
    findings.push({
      rule: 'PACT-METADATA',
      pointer: '',
      message: 'the answer has no Pact-Message-Metadata header (base64 of a JSON object)',
    });
  else
    for (const [key, want] of Object.entries(expectedMetadata ?? {}))
      if (metadata[key] !== want)
        findings.push({
          rule: 'PACT-METADATA',
          pointer: '',
          message: `message metadata ${key} must be ${JSON.stringify(want)}, got ${JSON.stringify(metadata[key] ?? null)}`,
        });
  return { body, findings };
}

/** Every finding of one delivery: what the platform would do with it, then the contract's shape. */
export function deliveryFindings(input: {
  pattern: DeliveryPattern;
  interaction: Pick<PactInteraction, 'contents' | 'matchingRules'>;
  body: unknown;
  platform: DeliveryPlatform;
  fagsystemId: string;
  pilot: string;
  expectedHidden: readonly string[];
}): RunFinding[] {
  const { pattern, body, platform, fagsystemId, pilot } = input;
  const findings: RunFinding[] = ownershipFindings(body, fagsystemId, pilot);
  const background = pattern.background.map((b) => asFagsystem(b, fagsystemId));
  let consequences: string[] = [];
  if (!findings.length) {
    const handling = new DeliveryHandling(platform);
    for (const earlier of background) handling.receive(earlier);
    const outcome = handling.receive(asContractKommune(body, pilot));
    const view = handling.citizen(CONTRACT_CITIZEN);
    if (!outcome.accepted) {
      for (const v of outcome.violations)
        findings.push({
          rule: v.rule,
          pointer: v.pointer,
          message: `refused at intake (422, nothing stored): ${maskPersonalData(v.message)}`,
          ...valueOf(body, v.pointer),
        });
    } else {
      outcome.items.forEach((got, i) => {
        const want = pattern.expectation.items[i];
        if (got.state === 'applied') return;
        if (want && want.state === got.state && want.rule === got.rule) return;
        const pointer = got.pointer ?? `/items/${i}`;
        findings.push({
          rule: got.rule ?? `ITEM-${got.state.toUpperCase()}`,
          pointer,
          message: `${STATE_TEXT[got.state] ?? got.state}${got.message ? `: ${maskPersonalData(got.message)}` : ''}`,
          ...valueOf(body, pointer),
        });
      });
      if (!findings.length) {
        const items = ((body as DeliveryBody).items ?? []) as Array<{ object?: { uuid?: unknown } }>;
        for (const hidden of view.hiddenSager) {
          if (input.expectedHidden.includes(hidden.rule)) continue;
          const index = items.findIndex((item) => item?.object?.uuid === hidden.id);
          const field = HIDDEN_FIELD[hidden.rule];
          findings.push({
            rule: hidden.rule,
            pointer: index < 0 ? '' : `/items/${index}${field ? `/object/${field}` : ''}`,
            message: `the case would be stored but hidden from the citizen by ${hidden.rule}`,
          });
        }
      }
    }
    consequences = expectationFailures(pattern.expectation, outcome, view);
  }
  const items = (body as { items?: unknown })?.items;
  if (Array.isArray(items))
    for (const hit of caseworkerTextHits(
      items,
      background.flatMap((b) => b.items),
    ))
      findings.push({
        rule: CASEWORKER_TEXT_RULE,
        pointer: hit.pointer,
        message: hit.message,
        value: maskPersonalData(hit.masked),
      });
  const shape = shapeMismatches(input.interaction.contents.content, body, input.interaction.matchingRules?.body);
  for (const m of unexplained(shape, findings))
    findings.push({
      rule: m.rule,
      pointer: m.pointer,
      message: `the contract's shape: ${maskPersonalData(m.message)}`,
    });
  if (!findings.length)
    for (const failure of consequences)
      findings.push({ rule: 'PATTERN-EXPECTATION', pointer: '', message: maskPersonalData(failure) });
  return findings;
}

function valueOf(body: unknown, pointer: string): { value?: string } {
  const value = findingValue(body, pointer);
  return value === undefined ? {} : { value };
}

/** The hidden-case rules a pattern's own example delivery leads to (what the pattern means to hide). */
function hiddenByExample(pattern: DeliveryPattern, platform: DeliveryPlatform, fagsystemId: string): string[] {
  const handling = new DeliveryHandling(platform);
  for (const earlier of pattern.background) handling.receive(asFagsystem(earlier, fagsystemId));
  handling.receive(asFagsystem(exampleDelivery(pattern), fagsystemId));
  return handling.citizen(CONTRACT_CITIZEN).hiddenSager.map((h) => h.rule);
}

function chosenPatterns(ids: readonly string[] | undefined): Set<DeliveryPatternId> {
  const all = DELIVERY_PATTERNS.map((p) => p.id);
  if (!ids?.length) return new Set(all);
  const unknown = ids.filter((id) => !all.includes(id as DeliveryPatternId));
  if (unknown.length)
    throw new VerifyUsageError(`unknown pattern(s) ${unknown.join(', ')}; the patterns are ${all.join(', ')}`);
  return new Set(ids as DeliveryPatternId[]);
}

/**
 * Verifies a vendor's fagsystem through the HTTP provider it exposes, the way Pact verifies a message
 * provider: for each pattern of the delivery contract it POSTs `{description, providerStates}` and takes
 * the answer as the delivery the fagsystem would send. The answer must match the contract's shape (the
 * pact's example and matching rules), and the platform's own handling runs on it: the api's ownership
 * rules and delivery schema, the delivery rules, ordering, the safety net and the display rules, each
 * against the state the provider states describe. A delivery that matches the shape but would be
 * refused, rejected, held or hidden in production fails, with the rule id and the JSON pointer.
 */
export async function verifyProvider(options: VerifyProviderOptions): Promise<RunResult> {
  const startedAt = new Date();
  const version = options.contractVersion ?? CONTRACT_VERSION;
  const { pact, sha256: contractSha } = loadDeliveryContract(version);
  const chosen = chosenPatterns(options.patterns);
  const pilot = options.pilotMunicipality ?? CONTRACT_KOMMUNE.cvr;
  if (!/^\d{8}$/.test(pilot))
    throw new VerifyUsageError(`the pilot municipality ${pilot} is not a CVR number (8 digits)`);
  const platform = contractPlatform({
    fagsystem: { id: options.fagsystem.id, navn: options.fagsystem.id },
    kle: verifierKle(),
  });
  const interactions: InteractionResult[] = [];
  const total = chosen.size;
  for (const pattern of DELIVERY_PATTERNS) {
    const providerStates = pattern.providerStates.map((s) => ({
      name: s.name,
      params: { ...s.params, ...('cvr' in s.params ? { cvr: pilot } : {}) },
    }));
    const base = { id: pattern.id, description: pattern.description, providerStates };
    if (!chosen.has(pattern.id)) {
      interactions.push({ ...base, outcome: 'skipped', findings: [], deliveryHashes: [], durationMs: 0 });
      continue;
    }
    const started = performance.now();
    const interaction = pact.interactions.find((i) => i.description === pattern.description);
    let findings: RunFinding[];
    let hashes: string[] = [];
    if (!interaction) {
      findings = [
        {
          rule: 'PACT-INTERACTION-MISSING',
          pointer: '',
          message: `the pact has no interaction "${pattern.description}"`,
        },
      ];
    } else {
      const answer = await askProvider(
        options,
        { description: pattern.description, providerStates },
        interaction.metadata,
      );
      findings = answer.findings;
      if (answer.body !== undefined) {
        hashes = [sha256(answer.body)];
        findings.push(
          ...deliveryFindings({
            pattern,
            interaction,
            body: answer.body,
            platform,
            fagsystemId: options.fagsystem.id,
            pilot,
            expectedHidden: hiddenByExample(pattern, platform, options.fagsystem.id),
          }),
        );
      }
    }
    const result: InteractionResult = {
      ...base,
      outcome: findings.length ? 'failed' : 'passed',
      findings,
      deliveryHashes: hashes,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    interactions.push(result);
    options.onProgress?.({ index: interactions.filter((i) => i.outcome !== 'skipped').length, total, result });
  }
  return {
    mode: 'verifier',
    contract: { version, sha256: contractSha },
    fagsystem: { ...options.fagsystem },
    pilotMunicipality: pilot,
    tool: { ...VERIFIER_TOOL },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    interactions,
    passed: interactions.every((i) => i.outcome !== 'failed') && interactions.some((i) => i.outcome === 'passed'),
  };
}
