import type { OverviewRequest, OverviewResponse } from '@overblik/domain';

/**
 * The overview API as the national orchestration layer calls it: one POST per citizen at login, the CPR
 * number only in the body, a bearer token per call, the previous ETag to save a body that did not change.
 * Small on purpose: this is the code the Pact consumer test drives, so the contract holds exactly what the
 * orchestration layer reads.
 */

export const OVERVIEW_PATH = '/v1/overview';
export const ACCESS_LOG_PATH = '/v1/access-log';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface OverviewClientOptions {
  /** e.g. `https://overblik.example` (no trailing slash needed). */
  baseUrl: string;
  /** A fresh bearer token for each call; null when none could be had (the API then answers 401). */
  accessToken: () => Promise<string | null> | string | null;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per call; the orchestration layer gives every authority a short budget. Default 5 s. */
  timeoutMs?: number;
}

export interface OverviewCallOptions {
  /** The citizen's own login assertion (a JWT), forwarded when the orchestration layer has one. */
  citizenAssertion?: string;
  /** The ETag of the answer the orchestration layer already holds. */
  ifNoneMatch?: string;
}

/** RFC 9457 problem details as the API sends them. */
export interface OverviewProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  violations?: Array<{ rule: string; pointer: string; message: string }>;
}

type ProblemResult = { outcome: 'problem'; problem: OverviewProblem; retryAfterSeconds: number | null };

export type OverviewResult =
  | { outcome: 'overview'; overview: OverviewResponse; etag: string | null }
  | { outcome: 'not-modified'; etag: string | null }
  | ProblemResult;

/** Who looked at the citizen's data, when and why, newest first (the citizen's own call). */
export interface CitizenAccessLog {
  tekst: string;
  opslag: Array<{
    tidspunkt: string;
    klient: string;
    formaal: string;
    formaalTekst: string;
    kommuner: Array<{ cvr: string; navn: string }>;
    antalOplysninger: number;
  }>;
}

export type AccessLogResult = { outcome: 'access-log'; accessLog: CitizenAccessLog } | ProblemResult;

/** The API answered something the contract does not allow (wrong media type, unknown version …). */
export class OverviewContractError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'OverviewContractError';
  }
}

const SUPPORTED_VERSION = 1;

export class OverviewApiClient {
  private readonly fetchFn: typeof fetch;
  private readonly baseUrl: string;

  constructor(private readonly options: OverviewClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** Asks for one citizen's overview. Problems (4xx/5xx problem+json) are results, not exceptions. */
  async fetchOverview(request: OverviewRequest, call: OverviewCallOptions = {}): Promise<OverviewResult> {
    const body: OverviewRequest = { cpr: request.cpr, formaal: request.formaal };
    if (request.kommuner) body.kommuner = request.kommuner;
    const res = await this.post(OVERVIEW_PATH, body, call);
    const etag = res.headers.get('etag');
    if (res.status === 304) return { outcome: 'not-modified', etag };
    if (!res.ok) return problemOf(res);
    const overview = await jsonOf<OverviewResponse>(res);
    if (overview?.version !== SUPPORTED_VERSION) {
      throw new OverviewContractError(`unsupported overview version ${String(overview?.version)}`, res.status);
    }
    return { outcome: 'overview', overview, etag };
  }

  /** The citizen's own view of who read their data; needs the citizen's login assertion. */
  async fetchAccessLog(cpr: string, citizenAssertion: string): Promise<AccessLogResult> {
    const res = await this.post(ACCESS_LOG_PATH, { cpr }, { citizenAssertion });
    if (!res.ok) return problemOf(res);
    const accessLog = await jsonOf<CitizenAccessLog>(res);
    if (!Array.isArray(accessLog?.opslag))
      throw new OverviewContractError('the access log lacks its list of reads', res.status);
    return { outcome: 'access-log', accessLog };
  }

  private async post(path: string, body: unknown, call: OverviewCallOptions): Promise<Response> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: `application/json, ${PROBLEM_CONTENT_TYPE}`,
    };
    const token = await this.options.accessToken();
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    if (call.citizenAssertion) headers['x-citizen-assertion'] = call.citizenAssertion;
    if (call.ifNoneMatch) headers['if-none-match'] = call.ifNoneMatch;
    return this.fetchFn(this.baseUrl + path, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
    });
  }
}

const mediaType = (res: Response): string =>
  (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

async function jsonOf<T>(res: Response): Promise<T> {
  if (res.status !== 200) throw new OverviewContractError(`expected 200, got ${res.status}`, res.status);
  const type = mediaType(res);
  if (type !== 'application/json')
    throw new OverviewContractError(`expected application/json, got "${type}"`, res.status);
  return (await res.json()) as T;
}

async function problemOf(res: Response): Promise<ProblemResult> {
  const type = mediaType(res);
  if (type !== PROBLEM_CONTENT_TYPE) {
    throw new OverviewContractError(
      `expected ${PROBLEM_CONTENT_TYPE} with status ${res.status}, got "${type}"`,
      res.status,
    );
  }
  const problem = (await res.json()) as OverviewProblem;
  if (typeof problem?.type !== 'string' || typeof problem.title !== 'string' || problem.status !== res.status) {
    throw new OverviewContractError('the problem details lack type, title or a matching status', res.status);
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  return {
    outcome: 'problem',
    problem,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  };
}

/** The last path segment of a problem type URI, e.g. `token-missing`: what the orchestration layer branches on. */
export function problemSlug(problem: OverviewProblem): string {
  return problem.type.slice(problem.type.lastIndexOf('/') + 1);
}
