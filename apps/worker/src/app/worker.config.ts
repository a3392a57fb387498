import { z } from 'zod';
import { DEFAULT_ENQUEUE_TIMEOUT_MS } from '@overblik/jobs';
import { baseConfigSchema, envFlag } from '@overblik/platform';

export const workerConfigSchema = baseConfigSchema
  .extend({
    WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3200),
    WORKER_HOST: z.string().default('127.0.0.1'),
    /** Ingestion jobs applied at once by this process. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** How often the sweeper looks for inbox items that no job applied. */
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
    /** An inbox item still pending this long after it was received is re-enqueued. */
    SWEEP_AFTER_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
    /** The longest an enqueue of the sweeper or of a follow-up may take; it is tried again later. */
    ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(DEFAULT_ENQUEUE_TIMEOUT_MS),
    /**
     * How often a payment whose grant is still pending in the inbox is put back (with a growing delay, at
     * most SWEEP_AFTER_MS) before it is rejected with EFFEKTUERING-UNKNOWN-BEVILLING after all.
     */
    INGEST_MAX_DEFERRALS: z.coerce.number().int().min(0).max(1000).default(12),
    /**
     * How long a processed inbox item's payload and a dead letter's are kept; then the retention purge
     * replaces them by a stub without party data. Pending items are never purged.
     */
    INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** How often the retention purge runs (one worker at a time); 0 turns it off. */
    INBOX_PURGE_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
    /** How often the KLE catalogue is re-read from the database. */
    KLE_REFRESH_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
    /**
     * How often the worker checks whether the configuration version or the day moved, and then renders
     * every stale stored overview answer (ADR 0003); 0 turns the schedule off.
     */
    OVERVIEW_PRERENDER_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
    /** Render a citizen's stored answer right after an ingested chunk changed their read model. */
    OVERVIEW_RENDER_AFTER_INGEST: envFlag.default(true),
    /** Citizens per round of a pre-render pass (and of the rendering after ingest). */
    OVERVIEW_PRERENDER_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  })
  .refine((c) => c.DATABASE_POOL_SIZE > c.WORKER_CONCURRENCY, {
    // each job holds a connection for its transaction and the reference cache needs one more to refill
    message:
      'must be greater than WORKER_CONCURRENCY (each job holds a connection; the KLE and word-list cache needs one more)',
    path: ['DATABASE_POOL_SIZE'],
  });
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
