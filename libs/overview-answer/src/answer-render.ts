import { createHash } from 'node:crypto';
import {
  buildCitizenPart,
  type CitizenOverviewDocument,
  COVERAGE_TEXT,
  coverageOf,
  coverageScope,
  type DisplayConfiguration,
  type DisplayContext,
  OVERVIEW_VERSION,
  type OverviewDisclosure,
} from '@overblik/domain';
import {
  citizenPartHead,
  type CompressedCitizenPart,
  type CompressedTail,
  compressCitizenPart,
  compressTail,
  gzipJoined,
} from './answer-gzip';

/**
 * The answer as text, in two parts that change for different reasons:
 * - the citizen's part (`{"version":…,"kommuner":[…],"naesteUdbetaling":…}`) changes with the citizen's
 *   read model, the configuration and the day; it can be rendered once and stored until one of them moves;
 * - the coverage (`"daekning"`) changes only with the configuration and the municipalities asked about,
 *   so it is rendered once per configuration snapshot and shared by every citizen.
 * `encodedOverview` joins them into exactly the UTF-8 bytes of the text `asciiJson(buildOverview(…).response)`,
 * gzip-compressed or as they are.
 */
export interface RenderedCitizenPart {
  json: string;
  /** `json` compressed for storing and for gzip answers (`answer-gzip.ts`). */
  compressed: CompressedCitizenPart;
  /** A short hash of `json` (the stored answer's share of the ETag). */
  etag: string;
  disclosure: OverviewDisclosure;
  /** First day on which the part may read differently (see `CitizenPart.validUntil`). */
  validUntil: string;
}

const NON_ASCII = /[\u007f-\uffff]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON text in ASCII: every character beyond it as a `\uXXXX` escape (what Python's `ensure_ascii`
 * gives; any JSON parser reads the same value). The answer is stored, read and sent as this text on
 * every call, and an ASCII string is decoded from PostgreSQL's row and encoded for the socket much
 * faster than one with Danish letters and dashes in it, which V8 keeps as two bytes per character;
 * the escapes cost a few more bytes (docs/performance.md).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, escapeChar);
}

export function renderCitizenPart(doc: CitizenOverviewDocument | null, ctx: DisplayContext): RenderedCitizenPart {
  const part = buildCitizenPart(doc, ctx);
  const json = asciiJson({
    version: OVERVIEW_VERSION,
    kommuner: part.kommuner,
    naesteUdbetaling: part.naesteUdbetaling,
  });
  return {
    json,
    compressed: compressCitizenPart(json),
    etag: createHash('sha256').update(json).digest('base64url').slice(0, 32),
    disclosure: part.disclosure,
    validUntil: part.validUntil,
  };
}

const MAX_SCOPES = 2_000;

interface CoverageTexts {
  /** Each municipality's coverage as JSON text ('' for one not covered). */
  byCvr: Map<string, string>;
  /** `,"daekning":{…}}` per scope (the municipalities joined by commas), as bytes and compressed. */
  tails: Map<string, CompressedTail>;
}

const coverageTexts = new WeakMap<DisplayConfiguration, CoverageTexts>();

function textsOf(config: DisplayConfiguration): CoverageTexts {
  let texts = coverageTexts.get(config);
  if (!texts) coverageTexts.set(config, (texts = { byCvr: new Map(), tails: new Map() }));
  return texts;
}

/** `"daekning"` as JSON text for the municipalities in `scope` (sorted), from texts cached per configuration snapshot. */
export function coverageJson(config: DisplayConfiguration, scope: readonly string[]): string {
  const { byCvr } = textsOf(config);
  const parts: string[] = [];
  for (const cvr of scope) {
    let text = byCvr.get(cvr);
    if (text === undefined) {
      const coverage = coverageOf(config, cvr);
      text = coverage ? asciiJson(coverage) : '';
      byCvr.set(cvr, text);
    }
    if (text) parts.push(text);
  }
  return `{"tekst":${asciiJson(COVERAGE_TEXT)},"kommuner":[${parts.join(',')}]}`;
}

/**
 * `,"daekning":{…}}`: what follows the citizen part once its closing brace is taken off, rendered and
 * compressed once per configuration snapshot and scope (a call looks it up by the scope's key).
 */
function coverageTail(
  config: DisplayConfiguration,
  answered: readonly string[],
  kommuner?: readonly string[],
): CompressedTail {
  const scope = coverageScope(config, answered, kommuner);
  const { tails } = textsOf(config);
  const key = scope.join(',');
  let tail = tails.get(key);
  if (!tail) {
    // the scopes asked for are few (home municipalities, or all); bound the map against odd clients
    if (tails.size >= MAX_SCOPES) tails.clear();
    tails.set(key, (tail = compressTail(Buffer.from(`,"daekning":${coverageJson(config, scope)}}`, 'utf8'))));
  }
  return tail;
}

/**
 * The answer as text from a freshly rendered part: UTF-8 bytes written straight from the two parts
 * into one buffer, sent as they are. A joined string would be copied whole once to measure it and
 * once more behind the HTTP header, short-lived heap on every call (docs/performance.md).
 */
function joinedText(citizenJson: string, tail: CompressedTail): Buffer {
  const head = Buffer.byteLength(citizenJson, 'utf8') - 1;
  const bytes = Buffer.allocUnsafe(head + tail.bytes.length);
  bytes.write(citizenJson, 0, 'utf8'); // its closing brace is then overwritten by the tail
  tail.bytes.copy(bytes, head);
  return bytes;
}

/** How the answer's bytes go: gzip-compressed, or as they are. */
export type AnswerEncoding = 'gzip' | 'identity';

/** A rendered citizen part as a call has it: stored (compressed only) or freshly rendered (its text too). */
export interface CitizenPartAtHand {
  compressed: CompressedCitizenPart;
  json?: string;
}

/**
 * The whole answer from a rendered citizen part (fresh or stored) and the coverage asked for, in
 * `encoding`: gzip joins the compressed part and the cached compressed coverage without compressing
 * anything (`gzipJoined`); as they are, the text of a fresh part is written out and a stored part
 * decompressed. Every way gives exactly the UTF-8 bytes of `asciiJson(buildOverview(…).response)`
 * (unit-tested).
 */
export function encodedOverview(
  part: CitizenPartAtHand,
  encoding: AnswerEncoding,
  config: DisplayConfiguration,
  answered: readonly string[],
  kommuner?: readonly string[],
): Buffer {
  const tail = coverageTail(config, answered, kommuner);
  if (encoding === 'gzip') return gzipJoined(part.compressed, tail);
  if (part.json !== undefined) return joinedText(part.json, tail);
  const head = citizenPartHead(part.compressed);
  return Buffer.concat([head, tail.bytes], head.length + tail.bytes.length);
}
