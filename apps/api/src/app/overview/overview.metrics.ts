import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';

function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** Overview metrics; labels are client ids (through clientLabel) and outcomes, never a CPR number or a citizen key. */
@Injectable()
export class OverviewMetrics {
  readonly calls = metric(
    'overblik_overview_calls_total',
    () =>
      new Counter({
        name: 'overblik_overview_calls_total',
        help: 'Overview calls by client and outcome',
        labelNames: ['client', 'outcome'],
      }),
  );
  readonly duration = metric(
    'overblik_overview_seconds',
    () =>
      new Histogram({
        name: 'overblik_overview_seconds',
        help: 'Time to answer an overview call',
        buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25],
      }),
  );
  /** Where a call's time goes: `limits` (assertion, rate limits), `read` (lane wait and statement), `answer` (configuration, render, encoding), `access-log` (group commit). */
  readonly stage = metric(
    'overblik_overview_stage_seconds',
    () =>
      new Histogram({
        name: 'overblik_overview_stage_seconds',
        help: 'Time an overview call spends in each stage of the service',
        labelNames: ['stage'],
        buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25],
      }),
  );
  readonly flagged = metric(
    'overblik_overview_client_flagged_total',
    () =>
      new Counter({
        name: 'overblik_overview_client_flagged_total',
        help: 'Clients flagged for asking for too many distinct citizens',
        labelNames: ['client'],
      }),
  );
  readonly accessLogBatch = metric(
    'overblik_access_log_batch_size',
    () =>
      new Histogram({
        name: 'overblik_access_log_batch_size',
        help: 'Access-log records committed together',
        buckets: [1, 2, 5, 10, 20, 50, 100, 200],
      }),
  );
  readonly readStatement = metric(
    'overblik_overview_read_statement_citizens',
    () =>
      new Histogram({
        name: 'overblik_overview_read_statement_citizens',
        help: 'Citizens read by one overview read statement (calls that arrive while every read lane is busy share one)',
        buckets: [1, 2, 4, 8, 16, 32, 64],
      }),
  );
  readonly answers = metric(
    'overblik_overview_answers_total',
    () =>
      new Counter({
        name: 'overblik_overview_answers_total',
        help: 'Overview answers by source: a stored rendered answer, or rendered from the read model',
        labelNames: ['source'],
      }),
  );
  readonly answerStoreDropped = metric(
    'overblik_overview_answer_store_dropped_total',
    () =>
      new Counter({
        name: 'overblik_overview_answer_store_dropped_total',
        help: 'Rendered answers not stored back (queue full or the write failed); the next call renders again',
      }),
  );
  readonly usageUnavailable = metric(
    'overblik_overview_usage_unavailable_total',
    () =>
      new Counter({
        name: 'overblik_overview_usage_unavailable_total',
        help: 'Calls served while the usage counters (Redis) did not answer',
      }),
  );
}
