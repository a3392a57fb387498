import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTRACT_CITIZEN, CONTRACT_KOMMUNE, CONTRACT_VERSION, type DeliveryPatternId } from '@overblik/compliance';
import { syntheticUuid } from '@overblik/domain';
import {
  type Delivery,
  type DeliveryOptions,
  type FagsystemIdentity,
  LETTER_TITLES,
  PATTERN_DESCRIPTIONS,
  type LetterTitleKey,
  referenceDeliveries,
} from './reference-fagsystem';

/**
 * The reference fagsystem simulator: an HTTP provider the verifier runs against (Pact's message
 * transport: POST `{description, providerStates}`, answer the message as JSON with its metadata in a
 * `Pact-Message-Metadata` header), and a pusher of the same deliveries to a platform's POST /v1/deliveries
 * for the session mode. `passing` delivers every pattern right; each other variant carries one defect
 * vendors really make.
 */

export interface SimulatorVariant {
  /** The defect, as a vendor would recognise it. */
  defect: string;
  /** The rule ids the verifier must name for it, and no others. */
  rules: readonly string[];
  /** The patterns it breaks. */
  patterns: readonly DeliveryPatternId[];
}

const ALL_PATTERNS: readonly DeliveryPatternId[] = [
  'initial-import',
  'status-change',
  'document-on-two-cases',
  'incoming-letter',
  'undtaget-for-borger',
  'relation-removed',
  'object-removed',
  'grant-with-plan',
  'monthly-payment-set-off',
  'payment-correction',
  'retired-kle',
];

export const SIMULATOR_VARIANTS = {
  passing: { defect: 'none: every pattern delivered as the contract says', rules: [], patterns: [] },
  'history-without-opstaaet': {
    defect: 'the fremdrift history leaves out Opstaaet',
    rules: ['SAG-FREMDRIFT-OPSTAAET-FIRST'],
    patterns: ['initial-import', 'status-change', 'document-on-two-cases', 'incoming-letter', 'relation-removed'],
  },
  'cpr-in-document-title': {
    defect: 'a CPR number in the title of a document or journal post, in every writing the safety net knows',
    rules: ['SAFETY-CPR'],
    patterns: ['initial-import', 'document-on-two-cases', 'incoming-letter', 'undtaget-for-borger'],
  },
  'retired-kle-without-mapping': {
    defect: 'a case classified under a retired KLE emne that no emne replaces (32.18.04)',
    rules: ['KLE-RETIRED'],
    patterns: ['retired-kle'],
  },
  'amount-as-float': {
    defect: 'amounts sent as JSON numbers instead of decimal strings',
    rules: ['AMOUNT-DECIMAL'],
    patterns: ['grant-with-plan', 'monthly-payment-set-off', 'payment-correction'],
  },
  'amount-with-decimal-comma': {
    defect: 'amounts written with a decimal comma (18000,00)',
    rules: ['AMOUNT-DECIMAL'],
    patterns: ['grant-with-plan', 'monthly-payment-set-off', 'payment-correction'],
  },
  'caseworker-initials': {
    defect: "the caseworker's initials in letter titles the citizen sees",
    rules: ['VERIFY-CASEWORKER-INITIALS'],
    patterns: ['initial-import', 'document-on-two-cases', 'incoming-letter'],
  },
  'wrong-owner-cvr': {
    defect: 'the owner (ejer.cvr) is another municipality than the pilot',
    rules: ['AUTH-OWNER-NOT-CONNECTED'],
    patterns: ALL_PATTERNS,
  },
  'removal-as-update': {
    defect: 'a physical removal sent as an update of the objects',
    rules: ['PACT-EQUALITY'],
    patterns: ['object-removed'],
  },
  'local-time-without-offset': {
    defect: 'timestamps in Danish local time without an offset (2026-09-01T12:00:00)',
    rules: ['SCHEMA-FORMAT'],
    patterns: ALL_PATTERNS,
  },
  'payment-without-grant': {
    defect: 'payments reference a grant the fagsystem never delivers',
    rules: ['EFFEKTUERING-UNKNOWN-BEVILLING'],
    patterns: ['monthly-payment-set-off', 'payment-correction'],
  },
} as const satisfies Record<string, SimulatorVariant>;

export type SimulatorVariantName = keyof typeof SIMULATOR_VARIANTS;

export function isSimulatorVariant(name: string): name is SimulatorVariantName {
  return Object.hasOwn(SIMULATOR_VARIANTS, name);
}

/** A municipality the fagsystem is not connected to (the wrong owner). */
export const NEIGHBOUR_CVR = '29189900';
/** The grant the payments of `payment-without-grant` reference; it is never delivered. */
export const UNDELIVERED_GRANT = syntheticUuid('simulator:bevilling:never-delivered');

/** The CPR writings the safety net knows (DOMAIN.md §6), applied to a CPR number. */
export function cprWritings(cpr: string): string[] {
  const [d, m, y, s] = [cpr.slice(0, 2), cpr.slice(2, 4), cpr.slice(4, 6), cpr.slice(6)];
  return [
    `${d}${m}${y}-${s}`,
    `${d}${m}${y}${s}`,
    `${d}${m}${y} ${s}`,
    `${d}${m}${y}/${s}`,
    `${d}${m}${y}.${s}`,
    `${d}${m}${y} – ${s}`,
    `${d}.${m}.${y}-${s}`,
    `${d} ${m} ${y} ${s}`,
    `CPR-nr. ${d}${m} ${y}${s.slice(0, 2)} ${s.slice(2)}`,
  ];
}

/** Each place a title is written, with a CPR writing in it. */
function titlesWithCpr(cpr: string): Record<string, string> {
  const keys = Object.keys(LETTER_TITLES) as LetterTitleKey[];
  const writings = cprWritings(cpr);
  return Object.fromEntries(keys.map((k, i) => [k, `${LETTER_TITLES[k]} vedr. ${writings[i % writings.length]}`]));
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
/** A UTC instant as Danish local time without offset (summer time +2, winter +1; close enough for the story's dates). */
function localTime(value: string): string {
  const m = INSTANT.exec(value);
  if (!m) return value;
  const at = new Date(value);
  const month = at.getUTCMonth() + 1;
  const local = new Date(at.getTime() + (month >= 4 && month <= 10 ? 2 : 1) * 3_600_000);
  return local.toISOString().slice(0, 19);
}

const AMOUNT_FIELDS = new Set(['bruttobeloeb', 'beloebEfterSkat', 'beloebTilUdbetaling', 'udbetaltBeloeb', 'beloeb']);

function mapValues(value: unknown, fn: (key: string, v: unknown) => unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => mapValues(v, fn, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapValues(v, fn, k)]));
  return fn(key, value);
}

/** The deliveries of one variant, per pattern description. */
export function simulatorDeliveries(
  variant: SimulatorVariantName,
  who: Partial<FagsystemIdentity> = {},
): Map<string, Delivery> {
  const identity: FagsystemIdentity = {
    fagsystemId: who.fagsystemId ?? SIMULATOR_FAGSYSTEM,
    cvr: variant === 'wrong-owner-cvr' ? NEIGHBOUR_CVR : (who.cvr ?? CONTRACT_KOMMUNE.cvr),
    citizen: who.citizen ?? CONTRACT_CITIZEN,
  };
  const options: DeliveryOptions = {};
  if (variant === 'payment-without-grant') options.paymentGrant = UNDELIVERED_GRANT;
  if (variant === 'removal-as-update') options.removalAsUpdate = true;
  if (variant === 'retired-kle-without-mapping') options.uddannelseshjaelpKle = '32.18.04';
  if (variant === 'cpr-in-document-title') options.titles = titlesWithCpr(identity.citizen);
  if (variant === 'caseworker-initials')
    options.titles = {
      afgoerelse: `${LETTER_TITLES.afgoerelse} /BH`,
      'afgoerelse-journal': `${LETTER_TITLES['afgoerelse-journal']} /BH`,
      indkaldelse: `${LETTER_TITLES.indkaldelse} (sagsbehandler BIHA)`,
      indgaaende: `${LETTER_TITLES.indgaaende}, init. BH`,
    };
  const deliveries = referenceDeliveries(identity, options);
  const change = (fn: (key: string, v: unknown) => unknown) => {
    for (const [description, body] of deliveries) deliveries.set(description, mapValues(body, fn) as Delivery);
  };
  if (variant === 'local-time-without-offset') change((_k, v) => (typeof v === 'string' ? localTime(v) : v));
  if (variant === 'amount-as-float') change((k, v) => (AMOUNT_FIELDS.has(k) && typeof v === 'string' ? Number(v) : v));
  if (variant === 'amount-with-decimal-comma')
    change((k, v) => (AMOUNT_FIELDS.has(k) && typeof v === 'string' ? v.replace('.', ',') : v));
  if (variant === 'history-without-opstaaet')
    for (const body of deliveries.values())
      for (const item of body.items) {
        const f = (item['object'] as { fremdrift?: Array<{ tilstand: string }> }).fremdrift;
        if (f && f.length > 1 && f[0]!.tilstand === 'Opstaaet') f.shift();
      }
  return deliveries;
}

/** The fagsystem id the simulator sends as by default. */
export const SIMULATOR_FAGSYSTEM = 'fs-reference-simulator';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  variant?: SimulatorVariantName;
  fagsystemId?: string;
  /** The pilot municipality's CVR (the provider states' `cvr` wins when given). */
  cvr?: string;
}

export interface RunningSimulator {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const PATTERN_OF_DESCRIPTION = new Map<string, string>(Object.entries(PATTERN_DESCRIPTIONS).map(([id, d]) => [d, id]));

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status === 200 ? 'application/json' : 'application/problem+json',
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the simulator's provider on `port` (0: an ephemeral one). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const variant = options.variant ?? 'passing';
  const cache = new Map<string, Map<string, Delivery>>();
  const deliveriesFor = (cvr: string) => {
    let found = cache.get(cvr);
    if (!found) {
      found = simulatorDeliveries(variant, {
        ...(options.fagsystemId ? { fagsystemId: options.fagsystemId } : {}),
        cvr,
      });
      cache.set(cvr, found);
    }
    return found;
  };
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || !['/messages', '/'].includes((req.url ?? '/').split('?')[0]!)) {
      answer(res, 404, { type: 'about:blank', title: 'Not found', status: 404, detail: 'POST /messages' });
      return;
    }
    readBody(req)
      .then((text) => {
        let request: { description?: unknown; providerStates?: Array<{ params?: Record<string, unknown> }> };
        try {
          request = JSON.parse(text) as typeof request;
        } catch {
          answer(res, 400, { type: 'about:blank', title: 'Bad request', status: 400, detail: 'the body is not JSON' });
          return;
        }
        const stateCvr = request.providerStates?.map((s) => s.params?.['cvr']).find((c) => typeof c === 'string');
        const cvr = (stateCvr as string | undefined) ?? options.cvr ?? CONTRACT_KOMMUNE.cvr;
        const description = typeof request.description === 'string' ? request.description : '';
        const delivery = deliveriesFor(cvr).get(description);
        if (!delivery) {
          answer(res, 400, {
            type: 'about:blank',
            title: 'Unknown interaction',
            status: 400,
            detail: 'the simulator has no message for this description',
          });
          return;
        }
        const metadata = {
          contentType: 'application/json',
          contractVersion: CONTRACT_VERSION,
          ...(PATTERN_OF_DESCRIPTION.get(description) ? { pattern: PATTERN_OF_DESCRIPTION.get(description) } : {}),
        };
        answer(res, 200, delivery, {
          'pact-message-metadata': Buffer.from(JSON.stringify(metadata)).toString('base64'),
        });
      })
      .catch(() => answer(res, 500, { type: 'about:blank', title: 'Error', status: 500 }));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface PushResult {
  description: string;
  status: number;
  body: unknown;
}

/**
 * Sends every delivery of the variant to a platform's POST /v1/deliveries with the fagsystem's bearer
 * token, one request per pattern, in the contract's order (for the session mode).
 */
export async function push(
  baseUrl: string,
  token: string,
  variant: SimulatorVariantName = 'passing',
  who: Partial<FagsystemIdentity> = {},
): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const [description, delivery] of simulatorDeliveries(variant, who)) {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/v1/deliveries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(delivery),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    results.push({ description, status: response.status, body });
  }
  return results;
}
