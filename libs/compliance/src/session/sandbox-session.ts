import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AUTH_RULES, type AuthRuleId, canonicalHash, deliveryItemSchema, schemaViolations } from '@overblik/domain';
import { CONTRACT_VERSION, CONTRACT_VERSIONS_FILE } from '../delivery/delivery-contract';
import { contractPlatform, DeliveryHandling, type ItemState, type Violation } from '../delivery/delivery-handling';
import { deliveryPattern } from '../delivery/patterns';
import type { InteractionResult, RunFinding, RunResult } from '../verification/run-result';
import { classifyDelivery, knownObjectOf, type KnownObject, type Recognition } from './delivery-classifier';
import { SESSION_SCENARIOS, type SessionScenario, type SessionScenarioId } from './scenarios';

/** The tool a session's run names. */
export const SESSION_TOOL = { name: 'overblik-session', version: '1.0.0' } as const;

export interface SandboxSessionOptions {
  fagsystem: { id: string; version: string };
  /** The pilot municipality's CVR: the sandbox tenant's only municipality. */
  pilot: string;
  sessionId?: string;
  /** The clock (tests pass their own). */
  now?: () => Date;
  /** Items per batch request, as DELIVERY_MAX_ITEMS (default 1000). */
  maxItems?: number;
}

export type ScenarioStatus = 'pending' | 'passed' | 'failed';

export interface ScenarioProgress {
  id: SessionScenarioId;
  instruction: string;
  status: ScenarioStatus;
  findings: RunFinding[];
  /** Deliveries that performed or bore on this scenario. */
  deliveries: number;
}

export interface SessionProgress {
  sessionId: string;
  scope: 'sandbox';
  fagsystem: { id: string; version: string };
  pilotMunicipality: string;
  startedAt: string;
  deliveries: number;
  complete: boolean;
  scenarios: ScenarioProgress[];
}

/** One item of a delivery as GET /v1/deliveries/{id} shows it. */
export interface SandboxItemStatus {
  seq: number;
  objectId: string | null;
  kind: string | null;
  operation: string | null;
  state: ItemState;
  rule: string | null;
  pointer: string | null;
  message: string | null;
}

export interface SandboxDelivery {
  id: string;
  fagsystemId: string;
  transport: 'batch' | 'stream';
  receivedAt: string;
  itemCount: number;
  items: SandboxItemStatus[];
}

/** What the sandbox answers a delivery: accepted (202) or refused whole (422, 403) with a problem. */
export type SandboxAnswer =
  | { status: 202; delivery: SandboxDelivery }
  | {
      status: 403 | 422;
      problem: 'delivery-invalid' | 'delivery-size' | 'delivery-forbidden';
      title: string;
      violations: Violation[];
    };

/** One delivery as the session saw it: what arrived, what the platform did, which patterns it performs. */
export interface SessionArrival {
  seq: number;
  transport: 'batch' | 'stream';
  /** SHA-256 (hex) of the delivery's canonical JSON. */
  hash: string;
  itemCount: number;
  answer: SandboxAnswer;
  recognitions: Recognition[];
  /** Scenarios whose status this delivery changed. */
  changed: Array<{ id: SessionScenarioId; status: ScenarioStatus }>;
}

interface ScenarioState {
  scenario: SessionScenario;
  status: ScenarioStatus;
  findings: RunFinding[];
  hashes: string[];
  /** A check across the session has met what it checks at least once. */
  seen: boolean;
  completedAt?: Date;
}

/** A line of an NDJSON stream as the sandbox read it. */
export type StreamLine = { line: number; value: unknown } | { line: number; invalid: string };

/** A source status or title that says the object was deleted: a removal sent as an update. */
const DELETED_WORDS = /\b(slettet|sletning|deleted|fjernet|removed|kasseret)\b/i;

const lowerOf = (v: unknown): string | null => (typeof v === 'string' ? v.toLowerCase() : null);
const objectOf = (item: unknown): Record<string, unknown> | undefined => {
  const o = (item as { object?: unknown } | null)?.object;
  return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined;
};

/** The recorded hash of the contract version the session checks against. */
export function contractOfSession(): RunResult['contract'] {
  const versions = JSON.parse(readFileSync(CONTRACT_VERSIONS_FILE, 'utf8')) as Record<string, string>;
  const sha256 = versions[CONTRACT_VERSION];
  if (!sha256) throw new Error(`contract version ${CONTRACT_VERSION} is not recorded in ${CONTRACT_VERSIONS_FILE}`);
  return { version: CONTRACT_VERSION, sha256 };
}

/**
 * A vendor's sandbox tenant for one session: its pilot municipality in scope `sandbox`, its fagsystem
 * connected as pilot, every delivery run through the platform's delivery handling in memory. It recognises
 * the scenarios in what arrives, checks each, and gives the result as a certification run (mode session).
 */
export class SandboxSession {
  readonly id: string;
  readonly startedAt: Date;
  readonly fagsystem: { id: string; version: string };
  readonly pilot: string;
  private readonly now: () => Date;
  private readonly handling: DeliveryHandling;
  private readonly maxItems: number;
  private readonly known = new Map<string, KnownObject>();
  private readonly lastTidspunkt = new Map<string, string>();
  private readonly deliveries = new Map<string, SandboxDelivery>();
  private readonly states: ScenarioState[];
  private readonly listeners: Array<(arrival: SessionArrival) => void> = [];
  private arrivals = 0;

  constructor(options: SandboxSessionOptions) {
    this.id = options.sessionId ?? randomUUID();
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
    this.fagsystem = options.fagsystem;
    this.pilot = options.pilot;
    this.maxItems = options.maxItems ?? 1000;
    const platform = contractPlatform({
      kommune: { cvr: options.pilot, navn: `Pilotkommune ${options.pilot} (sandbox)` },
      fagsystem: { id: options.fagsystem.id, navn: options.fagsystem.id },
      today: danishDay(this.startedAt),
    });
    this.handling = new DeliveryHandling({ ...platform, maxItems: this.maxItems });
    this.states = SESSION_SCENARIOS.map((scenario) => ({
      scenario,
      status: 'pending',
      findings: [],
      hashes: [],
      seen: false,
    }));
  }

  /** Called after every delivery (the CLI prints a line and the checklist). */
  onArrival(listener: (arrival: SessionArrival) => void): void {
    this.listeners.push(listener);
  }

  /** POST /v1/deliveries: a batch, all or nothing. */
  receiveBatch(body: unknown): SandboxAnswer {
    const hash = canonicalHash(body);
    const rawItems = (body as { items?: unknown } | null)?.items;
    const items = Array.isArray(rawItems) ? rawItems : [];
    const schemaOk =
      items.length > 0 && items.length <= this.maxItems && items.every((i) => deliveryItemSchema.safeParse(i).success);
    const denied = schemaOk ? this.ownership(items, (i) => `/items/${i}`) : [];
    let answer: SandboxAnswer;
    if (denied.length) {
      answer = {
        status: 403,
        problem: 'delivery-forbidden',
        title: 'The fagsystem may not write some of these objects; nothing was stored',
        violations: denied,
      };
    } else {
      const outcome = this.handling.receive(body);
      if (!outcome.accepted) {
        answer = {
          status: 422,
          problem: outcome.problem,
          title:
            outcome.problem === 'delivery-size'
              ? `A delivery holds 1 to ${this.maxItems} items; use the NDJSON stream for larger loads`
              : 'The delivery breaks the delivery schema; nothing was stored',
          violations: outcome.violations.slice(0, 100),
        };
      } else {
        const delivery = this.record(
          'batch',
          items.map((item, i) => ({ item, outcome: outcome.items[i]!, base: `/items/${i}` })),
        );
        answer = { status: 202, delivery };
      }
    }
    this.observe('batch', hash, items, answer);
    return answer;
  }

  /** POST /v1/deliveries/stream: one item per line; a bad line is a rejected item, the rest is handled. */
  receiveStream(lines: readonly StreamLine[]): SandboxAnswer {
    const hash = canonicalHash({ lines: lines.map((l) => ('invalid' in l ? { text: l.invalid } : l.value)) });
    const entries: Array<{ item: unknown; base: string; outcome?: SandboxItemStatus; pending?: boolean }> = [];
    const valid: Array<{ entry: number; item: unknown }> = [];
    for (const l of lines) {
      const base = `/lines/${l.line}`;
      if ('invalid' in l) {
        entries.push({
          item: null,
          base,
          outcome: rejected(entries.length, null, 'NDJSON-INVALID-JSON', base, 'the line is not valid JSON'),
        });
        continue;
      }
      const parsed = deliveryItemSchema.safeParse(l.value);
      if (!parsed.success) {
        const [first] = schemaViolations(parsed.error, base);
        entries.push({
          item: l.value,
          base,
          outcome: rejected(
            entries.length,
            l.value,
            first?.rule ?? 'SCHEMA',
            first?.pointer ?? base,
            first?.message ?? 'does not match the delivery schema',
          ),
        });
        continue;
      }
      const [denial] = this.ownership([l.value], () => base);
      if (denial) {
        entries.push({
          item: l.value,
          base,
          outcome: rejected(entries.length, l.value, denial.rule, denial.pointer, denial.message),
        });
        continue;
      }
      valid.push({ entry: entries.length, item: l.value });
      entries.push({ item: l.value, base, pending: true });
    }
    for (let from = 0; from < valid.length; from += this.maxItems) {
      const chunk = valid.slice(from, from + this.maxItems);
      const outcome = this.handling.receive({ items: chunk.map((c) => c.item) });
      if (!outcome.accepted) throw new Error('a line that passed the schema was refused');
      chunk.forEach((c, k) => {
        const o = outcome.items[k]!;
        const entry = entries[c.entry]!;
        entry.outcome = statusOf(
          c.entry,
          c.item,
          o.state,
          o.rule,
          rebase(o.pointer, `/items/${k}`, entry.base),
          o.message,
        );
      });
    }
    const delivery = this.recordStatuses(
      'stream',
      entries.map((e, seq) => ({ ...e.outcome!, seq })),
    );
    const answer: SandboxAnswer = { status: 202, delivery };
    this.observe(
      'stream',
      hash,
      entries.map((e) => e.item),
      answer,
      entries.map((e) => e.base),
    );
    return answer;
  }

  /** GET /v1/deliveries/{id}. */
  delivery(id: string): SandboxDelivery | undefined {
    return this.deliveries.get(id.toLowerCase());
  }

  /** Every scenario has passed. */
  get complete(): boolean {
    return this.states.every((s) => this.statusOf(s) === 'passed');
  }

  progress(): SessionProgress {
    return {
      sessionId: this.id,
      scope: 'sandbox',
      fagsystem: this.fagsystem,
      pilotMunicipality: this.pilot,
      startedAt: this.startedAt.toISOString(),
      deliveries: this.arrivals,
      complete: this.complete,
      scenarios: this.states.map((s) => ({
        id: s.scenario.id,
        instruction: s.scenario.instruction,
        status: this.statusOf(s),
        findings: this.findingsOf(s),
        deliveries: this.hashesOf(s).length,
      })),
    };
  }

  /** The session as a certification run: one interaction per scenario; a scenario not passed has failed. */
  result(finishedAt = this.now()): RunResult {
    const interactions: InteractionResult[] = this.states.map((s) => {
      const status = this.statusOf(s);
      const findings = this.findingsOf(s);
      return {
        id: s.scenario.id,
        description: s.scenario.instruction,
        providerStates: s.scenario.pattern ? deliveryPattern(s.scenario.pattern).providerStates : [],
        outcome: status === 'passed' ? 'passed' : 'failed',
        findings:
          status === 'pending' && !findings.length
            ? [
                {
                  rule: 'SESSION-SCENARIO-NOT-SEEN',
                  pointer: '',
                  message: 'nothing that performs this scenario arrived',
                },
              ]
            : findings,
        deliveryHashes: this.hashesOf(s),
        durationMs: Math.max(0, (s.completedAt ?? finishedAt).getTime() - this.startedAt.getTime()),
      };
    });
    return {
      mode: 'session',
      contract: contractOfSession(),
      fagsystem: this.fagsystem,
      pilotMunicipality: this.pilot,
      tool: { ...SESSION_TOOL },
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      interactions,
      passed: interactions.every((i) => i.outcome === 'passed'),
    };
  }

  private statusOf(s: ScenarioState): ScenarioStatus {
    if (s.scenario.id !== 'all-patterns-seen') return s.status;
    const patterns = this.states.filter((p) => p.scenario.pattern);
    if (patterns.every((p) => p.status === 'passed')) return 'passed';
    return patterns.some((p) => p.status === 'failed') ? 'failed' : 'pending';
  }

  /** The deliveries a scenario rests on (for all patterns seen: those of every pattern). */
  private hashesOf(s: ScenarioState): string[] {
    if (s.scenario.id !== 'all-patterns-seen') return [...s.hashes];
    return [...new Set(this.states.filter((p) => p.scenario.pattern).flatMap((p) => p.hashes))];
  }

  private findingsOf(s: ScenarioState): RunFinding[] {
    if (s.scenario.id !== 'all-patterns-seen') return s.status === 'passed' ? [] : s.findings;
    return this.states
      .filter((p) => p.scenario.pattern && p.status !== 'passed')
      .map((p) => ({
        rule: 'SESSION-SCENARIO-NOT-PASSED',
        pointer: '',
        message: `${p.scenario.id}: ${p.status === 'failed' ? 'failed' : 'not seen yet'}`,
      }));
  }

  /** Ownership as the api checks it: the token's fagsystem sends and masters every object of the pilot. */
  private ownership(items: readonly unknown[], base: (i: number) => string): Violation[] {
    const out: Violation[] = [];
    items.forEach((item, i) => {
      const o = objectOf(item);
      const it = o?.['itSystem'] as { master?: unknown; afsender?: unknown } | undefined;
      const ejer = o?.['ejer'] as { cvr?: unknown } | undefined;
      const deny = (rule: AuthRuleId, field: string): void => {
        out.push({ rule, pointer: `${base(i)}${field}`, message: AUTH_RULES[rule].en });
      };
      if (it?.afsender !== this.fagsystem.id) deny('AUTH-AFSENDER-MISMATCH', '/object/itSystem/afsender');
      else if (it?.master !== this.fagsystem.id) deny('AUTH-NOT-MASTER', '/object/itSystem/master');
      else if (ejer?.cvr !== this.pilot) deny('AUTH-OWNER-NOT-CONNECTED', '/object/ejer/cvr');
    });
    return out;
  }

  private record(
    transport: 'batch' | 'stream',
    items: Array<{
      item: unknown;
      outcome: { state: ItemState; rule?: string; pointer?: string; message?: string };
      base: string;
    }>,
  ): SandboxDelivery {
    return this.recordStatuses(
      transport,
      items.map(({ item, outcome }, seq) =>
        statusOf(seq, item, outcome.state, outcome.rule, outcome.pointer, outcome.message),
      ),
    );
  }

  private recordStatuses(transport: 'batch' | 'stream', items: SandboxItemStatus[]): SandboxDelivery {
    const delivery: SandboxDelivery = {
      id: randomUUID(),
      fagsystemId: this.fagsystem.id,
      transport,
      receivedAt: this.now().toISOString(),
      itemCount: items.length,
      items,
    };
    this.deliveries.set(delivery.id, delivery);
    return delivery;
  }

  /** Recognises the scenarios in a delivery and moves each scenario's state on. */
  private observe(
    transport: 'batch' | 'stream',
    hash: string,
    items: readonly unknown[],
    answer: SandboxAnswer,
    bases: readonly string[] = items.map((_, i) => `/items/${i}`),
  ): void {
    const before = new Map(this.states.map((s) => [s.scenario.id, this.statusOf(s)]));
    const recognitions = classifyDelivery(items, this.known, this.handling.platform.kle);
    const at = this.now();
    const state = (id: SessionScenarioId): ScenarioState => this.states.find((s) => s.scenario.id === id)!;
    const touched = new Set<ScenarioState>();
    const fail = (s: ScenarioState, findings: RunFinding[]): void => {
      touched.add(s);
      s.findings.push(...findings);
      if (s.status !== 'passed' || !s.scenario.pattern) s.status = 'failed';
    };

    for (const r of recognitions) {
      const s = state(r.pattern);
      touched.add(s);
      if (answer.status !== 202) {
        fail(
          s,
          answer.violations.map((v) => finding(v.rule, v.pointer, v.message)),
        );
        continue;
      }
      const bad = r.items
        .map((i) => answer.delivery.items[i]!)
        .filter((o) => o.state !== 'applied')
        .map((o) =>
          finding(
            o.rule ?? `ITEM-${o.state.toUpperCase()}`,
            o.pointer ?? bases[o.seq]!,
            o.message ?? `the item was ${o.state}`,
          ),
        );
      if (bad.length) fail(s, bad);
      else if (s.status !== 'passed') {
        s.status = 'passed';
        s.completedAt = at;
      }
    }

    if (answer.status === 202) this.checkAcross(items, answer.delivery.items, bases, state, fail, touched);

    for (const s of touched) if (!s.hashes.includes(hash)) s.hashes.push(hash);
    for (const s of this.states) {
      if (s.scenario.pattern || s.scenario.id === 'all-patterns-seen') continue;
      if (s.status === 'pending' && s.seen) {
        s.status = 'passed';
        s.completedAt = at;
      }
    }
    this.arrivals++;
    const changed = this.states
      .map((s) => ({ id: s.scenario.id, status: this.statusOf(s) }))
      .filter((s) => before.get(s.id) !== s.status);
    const allPatterns = state('all-patterns-seen');
    if (this.statusOf(allPatterns) === 'passed' && !allPatterns.completedAt) allPatterns.completedAt = at;
    if (answer.status === 202) this.remember(items, answer.delivery.items);
    const arrival: SessionArrival = {
      seq: this.arrivals,
      transport,
      hash,
      itemCount: items.length,
      answer,
      recognitions,
      changed,
    };
    for (const listener of this.listeners) listener(arrival);
  }

  /** The checks across the session, on a delivery the platform accepted. */
  private checkAcross(
    items: readonly unknown[],
    outcomes: readonly SandboxItemStatus[],
    bases: readonly string[],
    state: (id: SessionScenarioId) => ScenarioState,
    fail: (s: ScenarioState, findings: RunFinding[]) => void,
    touched: Set<ScenarioState>,
  ): void {
    const history = state('full-history-on-first-import');
    const removal = state('removal-as-removal');
    const ordering = state('ordering-by-source-time');
    const held = state('nothing-held');
    const seenHere = new Map<string, string>();
    items.forEach((item, i) => {
      const o = objectOf(item);
      const outcome = outcomes[i]!;
      const base = bases[i]!;
      const id = lowerOf(o?.['uuid']);
      if (!o || !id || outcome.rule?.startsWith('NDJSON-')) return;
      const operation = (item as { operation?: unknown }).operation;
      const prior = this.known.get(id);
      if (outcome.state === 'held') {
        touched.add(held);
        fail(held, [
          finding(outcome.rule ?? 'SAFETY-NET', outcome.pointer ?? base, outcome.message ?? 'held by the safety net'),
        ]);
      } else if (outcome.state === 'applied') {
        held.seen = true;
        touched.add(held);
      }
      if (operation === 'remove') {
        removal.seen = true;
        touched.add(removal);
      } else {
        for (const field of ['kildeStatus', 'titel'] as const) {
          const text = o[field];
          if (typeof text === 'string' && DELETED_WORDS.test(text)) {
            fail(removal, [
              finding(
                'SESSION-REMOVAL-AS-UPDATE',
                `${base}/object/${field}`,
                `an ${String(operation)} whose ${field} says the object was deleted: send operation remove, so the index deletes it`,
              ),
            ]);
            break;
          }
        }
      }
      if (o['objectType'] === 'sag' && operation !== 'remove' && (!prior || prior.removed) && !seenHere.has(id)) {
        touched.add(history);
        const first = (o['fremdrift'] as Array<{ tilstand?: unknown }> | undefined)?.[0]?.tilstand;
        if (first === 'Opstaaet') history.seen = true;
        else
          fail(history, [
            finding(
              'SAG-FREMDRIFT-OPSTAAET-FIRST',
              `${base}/object/fremdrift/0/tilstand`,
              'the first delivery of a case must carry its whole fremdrift history, starting with Opstaaet',
            ),
          ]);
      }
      const tidspunkt = typeof o['tidspunkt'] === 'string' ? o['tidspunkt'] : undefined;
      const last = seenHere.get(id) ?? this.lastTidspunkt.get(id);
      if (tidspunkt && last) {
        touched.add(ordering);
        if (outcome.state === 'stale' || Date.parse(tidspunkt) < Date.parse(last))
          fail(ordering, [
            finding(
              outcome.state === 'stale' && outcome.rule ? outcome.rule : 'ORDER-STALE',
              `${base}/object/tidspunkt`,
              'the tidspunkt is older than one this object already arrived with',
            ),
          ]);
        else ordering.seen = true;
      }
      if (tidspunkt && (!last || Date.parse(tidspunkt) > Date.parse(last))) seenHere.set(id, tidspunkt);
    });
  }

  /** What the platform took (applied or held) becomes what the session knows. */
  private remember(items: readonly unknown[], outcomes: readonly SandboxItemStatus[]): void {
    items.forEach((item, i) => {
      const state = outcomes[i]?.state;
      if (state !== 'applied' && state !== 'held') return;
      const next = knownObjectOf(item);
      if (!next) return;
      this.known.set(next.id, next.object);
      const t = objectOf(item)?.['tidspunkt'];
      const last = this.lastTidspunkt.get(next.id);
      if (typeof t === 'string' && (!last || Date.parse(t) > Date.parse(last))) this.lastTidspunkt.set(next.id, t);
    });
  }
}

function finding(rule: string, pointer: string, message: string): RunFinding {
  return { rule, pointer, message };
}

function rebase(pointer: string | undefined, from: string, to: string): string | undefined {
  return pointer?.startsWith(from) ? `${to}${pointer.slice(from.length)}` : pointer;
}

function statusOf(
  seq: number,
  item: unknown,
  state: ItemState,
  rule: string | undefined,
  pointer: string | undefined,
  message: string | undefined,
): SandboxItemStatus {
  const o = objectOf(item);
  const operation = (item as { operation?: unknown } | null)?.operation;
  return {
    seq,
    objectId: lowerOf(o?.['uuid']),
    kind: typeof o?.['objectType'] === 'string' ? (o['objectType'] as string) : null,
    operation: typeof operation === 'string' ? operation : null,
    state,
    rule: rule ?? null,
    pointer: pointer ?? null,
    message: message ?? null,
  };
}

function rejected(seq: number, item: unknown, rule: string, pointer: string, message: string): SandboxItemStatus {
  return statusOf(seq, item, 'rejected', rule, pointer, message);
}

/** The day in Danish time (YYYY-MM-DD): the display rules' day. */
function danishDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(at);
}
