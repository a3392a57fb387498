import type { DataSource } from 'typeorm';
import type { CitizenOverviewDocument, ConnectionStatus, ContactPointType, DisplayConfigurationInput } from '@overblik/domain';

export interface StoredOverview {
  /** The configuration version in force when the row was read. */
  configVersion: string;
  body: CitizenOverviewDocument | null;
  revision: number | null;
}

interface PgPool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Array<{ version: string; body: CitizenOverviewDocument | null; revision: number | null }> }>;
}

const READ_OVERVIEW = {
  name: 'overview-read',
  text: `select v.version::text as version, o.body, o.revision
           from configuration_version v left join citizen_overview o on o.citizen_key = $1
          where v.id = 1`,
};

/** Reads for the overview API: one citizen's read model (one indexed read) and the display configuration. */
export class OverviewReadRepository {
  /** The hot read goes straight to the driver's pool as a named (prepared) statement. */
  private readonly pool: PgPool;

  constructor(private readonly db: DataSource) {
    this.pool = (db.driver as unknown as { master: PgPool }).master;
  }

  /** The citizen's read model and, in the same round trip, the configuration version. */
  async read(citizenKey: string): Promise<StoredOverview> {
    const { rows } = await this.pool.query({ ...READ_OVERVIEW, values: [citizenKey] });
    const row = rows[0];
    if (!row) throw new Error('configuration_version has no row: run the migrations');
    return { configVersion: row.version, body: row.body, revision: row.revision };
  }

  /** The configuration version alone (for a call that needs the configuration but not the citizen's row). */
  async configurationVersion(): Promise<string> {
    const rows: Array<{ version: string }> = await this.db.query('select version::text as version from configuration_version where id = 1');
    if (!rows[0]) throw new Error('configuration_version has no row: run the migrations');
    return rows[0].version;
  }

  /** Every municipality's display configuration, read in one consistent snapshot. */
  async displayConfiguration(): Promise<DisplayConfigurationInput> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const [version] = (await tx.query('select version::text as version from configuration_version where id = 1')) as Array<{ version: string }>;
      const municipalities: Array<{ cvr: string; navn: string }> = await tx.query('select cvr, name as navn from municipality');
      const connections: Array<{ municipalityCvr: string; fagsystemId: string; status: ConnectionStatus }> = await tx.query(
        'select municipality_cvr as "municipalityCvr", fagsystem_id as "fagsystemId", status from fagsystem_connection',
      );
      const fagsystems: Array<{ id: string; navn: string }> = await tx.query(`select id, product as navn from fagsystem`);
      const configs: Array<{
        municipalityCvr: string; kle: string; shown: boolean; fraDato: string; activeCaseOverride: boolean; titleSource: 'KLE' | 'SAG';
        documentTitles: boolean; selfserviceUrl: string | null; borgerdkUrl: string | null; fagsystemFilter: string[];
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
      return { version: version?.version ?? '0', municipalities, connections, fagsystems, kleConfigs: configs, kleNodes };
    });
  }
}
