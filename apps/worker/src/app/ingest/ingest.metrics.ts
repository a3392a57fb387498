import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';

/** Ingestion metrics; labels are states and rule ids only, never a citizen key or a CPR number. */
@Injectable()
export class IngestMetrics {
  private readonly items =
    (register.getSingleMetric('overblik_ingest_items_total') as Counter<'state' | 'rule'> | undefined) ??
    new Counter({
      name: 'overblik_ingest_items_total',
      help: 'Inbox items processed, by outcome',
      labelNames: ['state', 'rule'],
    });
  private readonly duration =
    (register.getSingleMetric('overblik_ingest_chunk_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'overblik_ingest_chunk_seconds',
      help: 'Time to apply one chunk',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    });

  observe(outcomes: Array<{ state: string; rule?: string }>, seconds: number): void {
    for (const o of outcomes) this.items.inc({ state: o.state, rule: o.rule ?? '' });
    this.duration.observe(seconds);
  }
}
