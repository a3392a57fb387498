import type { DataSource } from 'typeorm';
import type { CitizenOverviewDocument } from '@overblik/domain';
import { exclusively } from './session-lock';

/**
 * A citizen's part of the answer as stored (`body_deflate`, `body_crc32`, `body_length`): a raw deflate
 * stream ended by a sync flush, with the CRC-32 (unsigned) and the length of the bytes it holds. What
 * they hold and how they join into a gzip answer is `@overblik/overview-answer` (`answer-gzip.ts`).
 */
export interface CompressedCitizenPart {
  deflate: Buffer;
  crc32: number;
  length: number;
}

/** A rendered citizen part of the overview answer and what it was rendered from. */
export interface RenderedAnswerRow {
  citizenKey: string;
  revision: string;
  configurationVersion: string;
  validFrom: string;
  validUntil: string;
  compressed: CompressedCitizenPart;
  municipalities: readonly string[];
  recordIds: readonly string[];
  etag: string;
}

export interface StaleCitizen {
  citizenKey: string;
  revision: string;
  body: CitizenOverviewDocument;
}

/**
 * One round of a prerender pass: the next citizens after `$1` (in key order) whose stored answer is missing
 * or not valid for configuration `$2` on day `$3`, at most `$4`. The stored answers' key is bounded too
 * (`a.citizen_key > $1`, implied by the join but not derived by the planner): without it the merge anti-join
 * scans the stored answers from the first key in every round, so a pass over n citizens reads O(n²) rows
 * (docs/performance.md).
 */
export const STALE_AFTER_SQL = `select o.citizen_key, o.revision::text as revision, o.body
   from citizen_overview o
  where o.citizen_key > $1
    and not exists (select 1 from overview_answer a
                     where a.citizen_key = o.citizen_key and a.citizen_key > $1 and a.revision = o.revision and a.configuration_version = $2
                       and a.valid_from <= $3::date and $3::date < a.valid_until)
  order by o.citizen_key
  limit $4`;

/** The store of rendered answers (`overview_answer`): written back by the API and by the pre-render run. */
export class OverviewAnswerRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Store rendered answers in one statement. A row never replaces one rendered from a newer revision,
   * configuration or day (two renders of the same citizen can finish in any order).
   */
  async store(rows: readonly RenderedAnswerRow[]): Promise<void> {
    if (!rows.length) return;
    // one parameter per value: the driver sends each text as it is (array parameters would be escaped
    // character by character); record ids are UUIDs and municipalities CVR numbers, neither holds a comma
    // (the deflate goes as bytes: the driver sends a Buffer as a binary parameter)
    const values: unknown[] = [];
    const tuples = rows.map((r) => {
      const { deflate, crc32, length } = r.compressed;
      const i =
        values.push(
          r.citizenKey,
          r.revision,
          r.configurationVersion,
          r.validFrom,
          r.validUntil,
          deflate,
          crc32 | 0,
          length,
          r.municipalities.join(','),
          r.recordIds.join(','),
          r.etag,
        ) - 11;
      return `($${i + 1}, $${i + 2}::bigint, $${i + 3}::bigint, $${i + 4}::date, $${i + 5}::date, $${i + 6}::bytea, $${i + 7}::integer, $${i + 8}::integer, string_to_array($${i + 9}, ','), string_to_array($${i + 10}, ','), $${i + 11}, now())`;
    });
    await this.db.query(
      `insert into overview_answer (citizen_key, revision, configuration_version, valid_from, valid_until, body_deflate, body_crc32, body_length, municipalities, record_ids, etag, rendered_at)
       values ${tuples.join(', ')}
       on conflict (citizen_key) do update
          set revision = excluded.revision, configuration_version = excluded.configuration_version, valid_from = excluded.valid_from,
              valid_until = excluded.valid_until, body_deflate = excluded.body_deflate, body_crc32 = excluded.body_crc32,
              body_length = excluded.body_length, municipalities = excluded.municipalities,
              record_ids = excluded.record_ids, etag = excluded.etag, rendered_at = excluded.rendered_at
        where (excluded.revision, excluded.configuration_version, excluded.valid_from)
           >= (overview_answer.revision, overview_answer.configuration_version, overview_answer.valid_from)`,
      values,
    );
  }

  /** The next citizens after `afterKey` (in key order) whose stored answer is missing or no longer valid on `day`. */
  async staleAfter(
    afterKey: string,
    configurationVersion: string,
    day: string,
    limit: number,
  ): Promise<StaleCitizen[]> {
    const rows: Array<{ citizen_key: string; revision: string; body: CitizenOverviewDocument }> = await this.db.query(
      STALE_AFTER_SQL,
      [afterKey, configurationVersion, day, limit],
    );
    return rows.map((r) => ({ citizenKey: r.citizen_key, revision: r.revision, body: r.body }));
  }

  /** The read model of these citizens as it is now (citizens without one are left out). */
  async citizens(citizenKeys: readonly string[]): Promise<StaleCitizen[]> {
    if (!citizenKeys.length) return [];
    const rows: Array<{ citizen_key: string; revision: string; body: CitizenOverviewDocument }> = await this.db.query(
      `select citizen_key, revision::text as revision, body from citizen_overview where citizen_key = any(string_to_array($1, ','))`,
      [citizenKeys.join(',')],
    );
    return rows.map((r) => ({ citizenKey: r.citizen_key, revision: r.revision, body: r.body }));
  }

  /**
   * Run `fn` only if no other process runs it under the same lock (a session advisory lock on one
   * connection held for the whole run); undefined when another holds it.
   */
  exclusively<T>(lockName: string, fn: () => Promise<T>): Promise<T | undefined> {
    return exclusively(this.db, lockName, fn);
  }

  /** How many citizens have a stored answer valid on `day` for the configuration version, and how many have a read model. */
  async coverage(configurationVersion: string, day: string): Promise<{ valid: number; citizens: number }> {
    const [row]: Array<{ valid: string; citizens: string }> = await this.db.query(
      `select (select count(*) from overview_answer a join citizen_overview o using (citizen_key)
                where a.revision = o.revision and a.configuration_version = $1 and a.valid_from <= $2::date and $2::date < a.valid_until)::text as valid,
              (select count(*) from citizen_overview)::text as citizens`,
      [configurationVersion, day],
    );
    return { valid: Number(row?.valid ?? 0), citizens: Number(row?.citizens ?? 0) };
  }
}
