import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_PURPOSES, type AccessPurpose, cprKey, danishDay } from '@overblik/domain';
import {
  type AnswerEncoding,
  AnswerStoreWriter,
  DisplayConfigurationCache,
  encodedOverview,
  ReadLanes,
  renderCitizenPart,
  renderedAnswerRow,
} from '@overblik/overview-answer';
import { AccessLogRepository, OverviewReadRepository, type StoredAnswer } from '@overblik/persistence';
import { APP_CONFIG, clientLabel } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { AccessLogWriter } from './access-log.writer';
import { CitizenAssertionVerifier } from './citizen-assertion.verifier';
import { ClientLimiter } from './client-limiter.service';
import { OverviewMetrics } from './overview.metrics';
import { parseAccessLogRequest, parseOverviewRequest } from './overview.request';

let dayCache = { until: 0, day: '' };
/** Today in Danish time (YYYY-MM-DD), formatted at most once a second. */
function today(now = Date.now()): string {
  if (now >= dayCache.until) dayCache = { until: now - (now % 1000) + 1000, day: danishDay(new Date(now)) };
  return dayCache.day;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 32);

export interface OverviewCall {
  clientId: string;
  body: unknown;
  assertion: string | undefined;
  ifNoneMatch: string | undefined;
  /** How the client takes the answer (see `answerEncoding`). */
  encoding: AnswerEncoding;
}

export interface OverviewAnswer {
  status: 200 | 304;
  /** The ETag of the answer in the encoding sent: a gzip answer's differs from the same answer's as it is. */
  etag: string;
  /** The answer's JSON as UTF-8 bytes in `OverviewCall.encoding`, sent as they are. */
  body: Buffer;
}

/** The citizen's overview: limits, one indexed read, display rules, access log; ETag over the answer. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly reads: ReadLanes,
    private readonly readRepository: OverviewReadRepository,
    private readonly accessLog: AccessLogRepository,
    private readonly configuration: DisplayConfigurationCache,
    private readonly writer: AccessLogWriter,
    private readonly answerStore: AnswerStoreWriter,
    private readonly limiter: ClientLimiter,
    private readonly assertions: CitizenAssertionVerifier,
    private readonly metrics: OverviewMetrics,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
  ) {}

  async overview(call: OverviewCall): Promise<OverviewAnswer> {
    const started = performance.now();
    let stageStarted = started;
    const stageDone = (stage: 'limits' | 'read' | 'answer' | 'access-log'): void => {
      const now = performance.now();
      this.metrics.stage.observe({ stage }, (now - stageStarted) / 1000);
      stageStarted = now;
    };
    const { request, cpr } = parseOverviewRequest(call.body);
    await this.assertions.check(call.assertion, call.clientId, cpr.digits);
    const citizenKey = cprKey(cpr.digits, this.config.CPR_HASH_KEY);
    const { flagged } = await this.limiter.admit(call.clientId, citizenKey);
    stageDone('limits');
    const day = today();
    const stored = await this.reads.read(citizenKey, day, this.config.OVERVIEW_ANSWER_STORE);
    stageDone('read');
    const config = await this.configuration.forVersion(stored.configVersion);
    let part: StoredAnswer & { json?: string };
    if (stored.answer) {
      part = stored.answer;
      this.metrics.answers.inc({ source: 'stored' });
    } else {
      const rendered = renderCitizenPart(stored.body, { config, today: day });
      part = {
        json: rendered.json,
        compressed: rendered.compressed,
        municipalities: rendered.disclosure.municipalities,
        recordIds: rendered.disclosure.recordIds,
        etag: rendered.etag,
      };
      this.metrics.answers.inc({ source: 'rendered' });
      if (this.config.OVERVIEW_ANSWER_STORE && stored.body && stored.revision !== null) {
        // stamped with the snapshot the rules actually ran with (a reload may still be under way)
        this.answerStore.store(
          renderedAnswerRow(
            { citizenKey, revision: stored.revision, configurationVersion: config.version, day },
            rendered,
          ),
        );
      }
    }
    const body = encodedOverview(part, call.encoding, config, part.municipalities, request.kommuner);
    // the coverage follows from the configuration, the municipalities answered and those asked for
    const etag = `"${sha(`${part.etag}|${config.version}|${request.kommuner?.join(',') ?? '*'}`)}${call.encoding === 'gzip' ? '-gzip' : ''}"`;
    stageDone('answer');
    await this.writer.record({
      at: new Date().toISOString(),
      clientId: call.clientId,
      purpose: request.formaal,
      citizenKey,
      municipalities: part.municipalities,
      recordIds: part.recordIds,
      flagged,
    });
    stageDone('access-log');
    const notModified =
      call.ifNoneMatch !== undefined &&
      call.ifNoneMatch
        .split(',')
        .map((t) => t.trim().replace(/^W\//, ''))
        .some((t) => t === etag || t === '*');
    this.metrics.calls.inc({ client: clientLabel(call.clientId), outcome: notModified ? 'not-modified' : 'ok' });
    this.metrics.duration.observe((performance.now() - started) / 1000);
    return { status: notModified ? 304 : 200, etag, body };
  }

  /** Who looked at the citizen's data and when (the citizen's own call: the assertion is required). */
  async accessLogOf(clientId: string, body: unknown, assertion: string | undefined) {
    const { cpr } = parseAccessLogRequest(body);
    await this.assertions.check(assertion, clientId, cpr.digits, true);
    const citizenKey = cprKey(cpr.digits, this.config.CPR_HASH_KEY);
    const { flagged } = await this.limiter.admit(clientId, citizenKey);
    const [entries, version] = await Promise.all([
      this.accessLog.forCitizen(citizenKey, 200),
      this.readRepository.configurationVersion(),
    ]);
    const config = await this.configuration.forVersion(version);
    await this.writer.record({
      at: new Date().toISOString(),
      clientId,
      purpose: 'INDSIGT',
      citizenKey,
      municipalities: [],
      recordIds: [],
      flagged,
    });
    return {
      tekst:
        'Her kan du se, hvornår dine sager og ydelser er blevet vist, af hvem og hvorfor. Den nyeste visning står først.',
      opslag: entries.map((e) => ({
        tidspunkt: e.at,
        klient: e.clientId,
        formaal: e.purpose,
        formaalTekst: ACCESS_PURPOSES[e.purpose as AccessPurpose] ?? e.purpose,
        kommuner: e.municipalities.map((cvr) => ({ cvr, navn: config.municipalities.get(cvr)?.navn ?? cvr })),
        antalOplysninger: e.recordIds.length,
      })),
    };
  }
}
