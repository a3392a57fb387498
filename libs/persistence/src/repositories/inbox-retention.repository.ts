import type { DataSource } from 'typeorm';
import { REDACTED_RETENTION, redactionStub } from './index-write.repository';
import { exclusively } from './session-lock';

/** What one purge redacted. */
export interface PurgeResult {
  items: number;
  deadLetters: number;
}

const KINDS = `('sag','dokument','bevilling','effektuering')`;

/**
 * Inbox bodies are kept only as long as they are needed: a processed item's payload (applied, rejected,
 * held, stale) and a dead letter's are redacted once older than the retention period. A pending item is
 * never touched: it has still to be applied. Each round is one short statement over rows nobody holds.
 */
export class InboxRetentionRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `fn` in this process only if no other process purges at the same time. */
  exclusively<T>(lockName: string, fn: () => Promise<T>): Promise<T | undefined> {
    return exclusively(this.db, lockName, fn);
  }

  /** Redacts up to `batch` processed items processed before `cutoff`; returns how many. */
  async redactItemsBefore(cutoff: Date, batch: number): Promise<number> {
    const [row]: Array<{ n: number }> = await this.db.query(
      `with picked as (
         select delivery_id, seq from delivery_item
          where redacted_at is null and state <> 'pending' and processed_at < $1
          order by processed_at limit $2 for update skip locked),
       done as (
         update delivery_item di set payload = ${redactionStub('$3', 'di.kind', 'di.object_id')}, redacted_at = now()
           from picked p where di.delivery_id = p.delivery_id and di.seq = p.seq and di.state <> 'pending'
         returning 1)
       select count(*)::int as n from done`,
      [cutoff, batch, REDACTED_RETENTION],
    );
    return row?.n ?? 0;
  }

  /** Redacts up to `batch` dead letters created before `cutoff`; returns how many. */
  async redactDeadLettersBefore(cutoff: Date, batch: number): Promise<number> {
    const kind = `case when dl.payload->'object'->>'objectType' in ${KINDS} then dl.payload->'object'->>'objectType' end`;
    const [row]: Array<{ n: number }> = await this.db.query(
      `with picked as (
         select id from dead_letter where redacted_at is null and created_at < $1
          order by created_at limit $2 for update skip locked),
       done as (
         update dead_letter dl set payload = ${redactionStub('$3', kind, 'dl.object_id')}, redacted_at = now()
           from picked p where dl.id = p.id
         returning 1)
       select count(*)::int as n from done`,
      [cutoff, batch, REDACTED_RETENTION],
    );
    return row?.n ?? 0;
  }

  /**
   * Redacts everything older than `cutoff`, `batch` rows per statement, until nothing is left or
   * `shouldStop` says so.
   */
  async purgeBefore(cutoff: Date, batch: number, shouldStop: () => boolean = () => false): Promise<PurgeResult> {
    const result: PurgeResult = { items: 0, deadLetters: 0 };
    let n = batch;
    while (n === batch && !shouldStop()) result.items += n = await this.redactItemsBefore(cutoff, batch);
    n = batch;
    while (n === batch && !shouldStop()) result.deadLetters += n = await this.redactDeadLettersBefore(cutoff, batch);
    return result;
  }
}
