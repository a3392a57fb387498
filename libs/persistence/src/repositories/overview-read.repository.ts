import type { DataSource } from 'typeorm';
import type {
  CitizenOverviewDocument,
  ConnectionStatus,
  ContactPointType,
  DisplayConfigurationInput,
} from '@overblik/domain';
import type { CompressedCitizenPart } from './overview-answer.repository';

/** A rendered answer still valid for the citizen's read model, the configuration and the day. */
export interface StoredAnswer {
  /** The citizen's part of the answer, compressed (see `@overblik/overview-answer`: `renderCitizenPart`, `answer-gzip.ts`). */
  compressed: CompressedCitizenPart;
  municipalities: string[];
  recordIds: string[];
  etag: string;
}

export interface StoredOverview {
  /** The configuration version in force when the row was read. */
  configVersion: string;
  /** The read model, only when no valid stored answer came with it (null: the citizen has nothing stored). */
  body: CitizenOverviewDocument | null;
  revision: string | null;
  answer: StoredAnswer | null;
}

interface Row {
  /** Whose row this is. */
  citizen_key: string;
  version: string;
  revision: string | null;
  body: CitizenOverviewDocument | null;
  /** The stored part's deflate stream (the driver makes a Buffer of bytea). */
  answer?: Buffer | null;
  answer_crc32?: number | null;
  answer_length?: number | null;
  /** Comma-joined (CVR numbers and UUIDs hold no comma): splitting is cheaper than parsing an array literal. */
  municipalities?: string | null;
  record_ids?: string | null;
  etag?: string | null;
}

interface PgPool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

/**
 * Whose rows the reads return, one row each, named by the citizen key: one citizen (`$1` the key) or
 * several (`$1` an array of distinct keys). `$2` is the day.
 */
const ONE_CITIZEN = '(values ($1::text))';
const CITIZENS = 'unnest($1::text[])';

/** The read model and its revision. */
const readModelSql = (keys: string): string =>
  `select k.citizen_key, v.version::text as version, o.body, o.revision::text as revision
     from ${keys} as k(citizen_key)
     cross join configuration_version v
     left join citizen_overview o on o.citizen_key = k.citizen_key
    where v.id = 1`;

/** The stored answer when it still matches revision, configuration and day; the read model (a large jsonb) only when it does not. */
const answerSql = (keys: string): string =>
  `select k.citizen_key, v.version::text as version, o.revision::text as revision,
          a.body_deflate as answer, a.body_crc32 as answer_crc32, a.body_length as answer_length,
          array_to_string(a.municipalities, ',') as municipalities, array_to_string(a.record_ids, ',') as record_ids, a.etag,
          case when a.citizen_key is null then o.body end as body
     from ${keys} as k(citizen_key)
     cross join configuration_version v
     left join citizen_overview o on o.citizen_key = k.citizen_key
     left join overview_answer a on a.citizen_key = o.citizen_key and a.revision = o.revision
          and a.configuration_version = v.version and a.valid_from <= $2::date and $2::date < a.valid_until
    where v.id = 1`;

/** What a read statement returns: the stored answer where one is valid (else the read model), or always the read model. */
export type ReadKind = 'answer' | 'model';

/** The named statements: for one citizen (a call that reads alone), and for several (calls that share one). */
const STATEMENTS: Record<ReadKind, { one: { name: string; text: string }; many: { name: string; text: string } }> = {
  answer: {
    one: { name: 'overview-read-answer', text: answerSql(ONE_CITIZEN) },
    many: { name: 'overview-read-answers', text: answerSql(CITIZENS) },
  },
  model: {
    one: { name: 'overview-read', text: readModelSql(ONE_CITIZEN) },
    many: { name: 'overview-read-many', text: readModelSql(CITIZENS) },
  },
};

/** The statements a call that reads alone runs ($1 citizen key, $2 the day), for a raw-ceiling benchmark of exactly them. */
export const OVERVIEW_READ_SQL = { answer: STATEMENTS.answer.one.text, readModel: STATEMENTS.model.one.text } as const;

/**
 * The compressed part from a row of the answer statement (`OVERVIEW_READ_SQL.answer`): its deflate, CRC-32
 * and length columns. The column keeps the CRC-32 as a signed 32-bit integer (`overview-answer.repository.ts`
 * writes `crc32 | 0`).
 */
export function storedPartOf(
  deflate: Buffer,
  crc32: number | null | undefined,
  length: number | null | undefined,
): CompressedCitizenPart {
  return { deflate, crc32: (crc32 ?? 0) >>> 0, length: length ?? 0 };
}

function storedOverviewOf(row: Row | undefined): StoredOverview {
  if (!row) throw new Error('configuration_version has no row: run the migrations');
  const list = (v: string | null | undefined): string[] => (v ? v.split(',') : []);
  const answer = row.answer
    ? {
        compressed: storedPartOf(row.answer, row.answer_crc32, row.answer_length),
        municipalities: list(row.municipalities),
        recordIds: list(row.record_ids),
        etag: row.etag ?? '',
      }
    : null;
  return { configVersion: row.version, body: row.body, revision: row.revision, answer };
}

/**
 * Reads for the overview: the statements that read one or several citizens' stored answers or read
 * models (each with the configuration version, in one round trip), and the display configuration. How
 * concurrent calls share the statements is `@overblik/overview-answer` (`ReadLanes`).
 */
export class OverviewReadRepository {
  /** The hot read goes straight to the driver's pool as a named (prepared) statement. */
  private readonly pool: PgPool;

  constructor(private readonly db: DataSource) {
    this.pool = (db.driver as unknown as { master: PgPool }).master;
  }

  /**
   * The citizen's stored answer, or their read model when no stored answer is valid for `today`, and in
   * the same round trip the configuration version. `useStored: false` always reads the read model.
   */
  async read(citizenKey: string, today: string, useStored = true): Promise<StoredOverview> {
    const rows = await this.readStatement([citizenKey], useStored ? 'answer' : 'model', today);
    return rows.get(citizenKey)!;
  }

  /**
   * One statement for distinct citizen keys: the one-citizen statement for one, else the shared one
   * (`unnest` of the keys, the same joins). Every key asked for is in the map.
   */
  async readStatement(keys: readonly string[], kind: ReadKind, today: string): Promise<Map<string, StoredOverview>> {
    const { one, many } = STATEMENTS[kind];
    const key = keys.length === 1 ? keys[0] : keys;
    const { rows } = await this.pool.query({
      ...(keys.length === 1 ? one : many),
      values: kind === 'answer' ? [key, today] : [key],
    });
    const byKey = new Map(rows.map((r) => [r.citizen_key, r]));
    return new Map(keys.map((k) => [k, storedOverviewOf(byKey.get(k))]));
  }

  /** The configuration version alone (for a call that needs the configuration but not the citizen's row). */
  async configurationVersion(): Promise<string> {
    const rows: Array<{ version: string }> = await this.db.query(
      'select version::text as version from configuration_version where id = 1',
    );
    if (!rows[0]) throw new Error('configuration_version has no row: run the migrations');
    return rows[0].version;
  }

  /** Every municipality's display configuration, read in one consistent snapshot. */
  async displayConfiguration(): Promise<DisplayConfigurationInput> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const [version] = (await tx.query(
        'select version::text as version from configuration_version where id = 1',
      )) as Array<{ version: string }>;
      const municipalities: Array<{ cvr: string; navn: string }> = await tx.query(
        'select cvr, name as navn from municipality',
      );
      const connections: Array<{ municipalityCvr: string; fagsystemId: string; status: ConnectionStatus }> =
        await tx.query(
          'select municipality_cvr as "municipalityCvr", fagsystem_id as "fagsystemId", status from fagsystem_connection',
        );
      const fagsystems: Array<{ id: string; navn: string }> = await tx.query(
        `select id, product as navn from fagsystem`,
      );
      const configs: Array<{
        municipalityCvr: string;
        kle: string;
        shown: boolean;
        fraDato: string;
        activeCaseOverride: boolean;
        titleSource: 'KLE' | 'SAG';
        documentTitles: boolean;
        selfserviceUrl: string | null;
        borgerdkUrl: string | null;
        fagsystemFilter: string[];
        contactPoints: Array<{ type: ContactPointType; value: string; label: string | null }>;
      }> = await tx.query(
        `select c.municipality_cvr as "municipalityCvr", c.kle, c.shown, c.fra_dato::text as "fraDato",
                c.active_case_override as "activeCaseOverride", c.title_source as "titleSource", c.document_titles as "documentTitles",
                c.selfservice_url as "selfserviceUrl", c.borgerdk_url as "borgerdkUrl",
                coalesce((select array_agg(f.fagsystem_id order by f.fagsystem_id) from kle_config_fagsystem f
                           where f.municipality_cvr = c.municipality_cvr and f.kle = c.kle), '{}') as "fagsystemFilter",
                coalesce((select jsonb_agg(jsonb_build_object('type', p.type, 'value', p.value, 'label', p.label) order by p.id)
                            from kle_contact_point p where p.municipality_cvr = c.municipality_cvr and p.kle = c.kle), '[]') as "contactPoints"
           from kle_config c`,
      );
      const kleNodes: Array<{ nummer: string; titel: string; afloestAf: string[] }> = await tx.query(
        `select n.nummer, n.titel, n.afloest_af as "afloestAf"
           from kle_node n join kle_catalogue_version v on v.version = n.version and v.is_current
          where n.level = 'emne'`,
      );
      const emergencyHides: Array<{
        id: string;
        municipalityCvr: string;
        scope: 'KLE' | 'FAGSYSTEM' | 'RECORD';
        value: string;
      }> = await tx.query(
        `select id::text, municipality_cvr as "municipalityCvr", scope, value
           from emergency_hide where lifted_at is null`,
      );
      return {
        version: version?.version ?? '0',
        municipalities,
        connections,
        fagsystems,
        kleConfigs: configs,
        kleNodes,
        emergencyHides,
      };
    });
  }
}
