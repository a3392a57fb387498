import type { DataSource, EntityManager } from 'typeorm';
import type { KleDisplayConfig } from '@overblik/domain';
import type { KleCatalogue } from '@overblik/kle';
import type { ConnectionStatus, FagsystemCategory } from '../entities/reference.entities';

export interface MunicipalityRow {
  cvr: string;
  name: string;
}
export interface FagsystemRow {
  id: string;
  vendor: string;
  product: string;
  version: string;
  category: FagsystemCategory;
}
export interface KleNodeRow {
  nummer: string;
  level: 'hovedgruppe' | 'gruppe' | 'emne' | 'handlingsfacet';
  uuid?: string | null;
  titel: string;
  oprettet?: string | null;
  rettet?: string | null;
  udgaaet?: string | null;
  afloestAf?: string[];
}
/** One municipality's configuration of one KLE emne: what the display rules read (libs/domain), and its owner. */
export type KleConfigRow = KleDisplayConfig & { municipalityCvr: string };

const json = (v: unknown): string => JSON.stringify(v);

/** Municipalities, fagsystems, their connections, the KLE catalogue and display configuration. */
export class ReferenceDataRepository {
  constructor(private readonly db: DataSource) {}

  async upsertMunicipalities(rows: MunicipalityRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `insert into municipality (cvr, name)
       select cvr, name from jsonb_to_recordset($1::jsonb) as r(cvr text, name text)
       on conflict (cvr) do update set name = excluded.name`,
      [json(rows)],
    );
  }

  async upsertFagsystems(rows: FagsystemRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `insert into fagsystem (id, vendor, product, version, category)
       select id, vendor, product, version, category
         from jsonb_to_recordset($1::jsonb) as r(id text, vendor text, product text, version text, category text)
       on conflict (id) do update set vendor = excluded.vendor, product = excluded.product,
         version = excluded.version, category = excluded.category`,
      [json(rows)],
    );
  }

  async connect(municipalityCvr: string, fagsystemId: string, status: ConnectionStatus): Promise<void> {
    await this.db.query(
      `insert into fagsystem_connection (municipality_cvr, fagsystem_id, status) values ($1, $2, $3)
       on conflict (municipality_cvr, fagsystem_id) do update set status = excluded.status`,
      [municipalityCvr, fagsystemId, status],
    );
  }

  /**
   * Store a KLE catalogue as a version of its own name, replacing the nodes of one of the same name, and
   * make it the current one when asked (`true`) or when no version is current yet (`'if-none'`). Saving
   * without making it current never takes the mark away: a version that was current stays current, so
   * seeds can run again, in any order, without leaving the platform with no current catalogue.
   */
  async saveKleCatalogue(catalogue: KleCatalogue, source: string, makeCurrent: boolean | 'if-none'): Promise<void> {
    const version = catalogue.version;
    const nodes = catalogue.nodes();
    await this.db.transaction(async (tx: EntityManager) => {
      // one writer at a time decides which version is current
      await tx.query("select pg_advisory_xact_lock(hashtext('kle_catalogue_version'))");
      await tx.query(
        `insert into kle_catalogue_version (version, source, node_count, is_current) values ($1, $2, $3, false)
         on conflict (version) do update set source = excluded.source, node_count = excluded.node_count,
           imported_at = now()`,
        [version, source, nodes.length],
      );
      await tx.query('delete from kle_node where version = $1', [version]);
      for (let i = 0; i < nodes.length; i += 2000) {
        const chunk = nodes.slice(i, i + 2000).map((n) => ({
          nummer: n.nummer,
          level: n.level,
          uuid: n.uuid ?? null,
          titel: n.titel,
          oprettet: n.oprettet ?? null,
          rettet: n.rettet ?? null,
          udgaaet: n.udgaaet ?? null,
          afloest_af: [...(n.afloestAf ?? [])],
        }));
        await tx.query(
          `insert into kle_node (version, nummer, level, uuid, titel, oprettet, rettet, udgaaet, afloest_af)
           select $1, nummer, level, uuid, titel, oprettet, rettet, udgaaet,
                  array(select jsonb_array_elements_text(afloest_af))
             from jsonb_to_recordset($2::jsonb)
               as r(nummer text, level text, uuid uuid, titel text, oprettet date, rettet date, udgaaet date, afloest_af jsonb)`,
          [version, json(chunk)],
        );
      }
      const current: Array<{ version: string }> = await tx.query(
        'select version from kle_catalogue_version where is_current',
      );
      if (makeCurrent === true || (makeCurrent === 'if-none' && current.length === 0)) {
        await tx.query('update kle_catalogue_version set is_current = false where is_current and version <> $1', [
          version,
        ]);
        await tx.query('update kle_catalogue_version set is_current = true where version = $1', [version]);
      }
    });
  }

  /** The nodes of the current KLE catalogue version (empty when none is loaded). */
  async currentKleNodes(): Promise<KleNodeRow[]> {
    const rows: Array<{
      nummer: string;
      level: KleNodeRow['level'];
      uuid: string | null;
      titel: string;
      oprettet: string | null;
      rettet: string | null;
      udgaaet: string | null;
      afloest_af: string[];
    }> = await this.db.query(
      `select n.nummer, n.level, n.uuid, n.titel, n.oprettet::text, n.rettet::text, n.udgaaet::text, n.afloest_af
         from kle_node n join kle_catalogue_version v on v.version = n.version and v.is_current
        order by n.nummer`,
    );
    return rows.map((r) => ({ ...r, afloestAf: r.afloest_af }));
  }

  /** Replace one municipality's configuration of one KLE emne, with its filter and contact points. */
  async saveKleConfig(row: KleConfigRow): Promise<void> {
    await this.db.transaction(async (tx: EntityManager) => {
      await tx.query(
        `insert into kle_config (municipality_cvr, kle, shown, fra_dato, active_case_override, title_source,
           document_titles, selfservice_url, borgerdk_url, updated_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9, now())
         on conflict (municipality_cvr, kle) do update set shown = excluded.shown, fra_dato = excluded.fra_dato,
           active_case_override = excluded.active_case_override, title_source = excluded.title_source,
           document_titles = excluded.document_titles, selfservice_url = excluded.selfservice_url,
           borgerdk_url = excluded.borgerdk_url, updated_at = now()`,
        [
          row.municipalityCvr,
          row.kle,
          row.shown,
          row.fraDato,
          row.activeCaseOverride,
          row.titleSource,
          row.documentTitles,
          row.selfserviceUrl,
          row.borgerdkUrl,
        ],
      );
      await tx.query('delete from kle_config_fagsystem where municipality_cvr = $1 and kle = $2', [
        row.municipalityCvr,
        row.kle,
      ]);
      for (const fagsystemId of row.fagsystemFilter) {
        await tx.query('insert into kle_config_fagsystem (municipality_cvr, kle, fagsystem_id) values ($1,$2,$3)', [
          row.municipalityCvr,
          row.kle,
          fagsystemId,
        ]);
      }
      await tx.query('delete from kle_contact_point where municipality_cvr = $1 and kle = $2', [
        row.municipalityCvr,
        row.kle,
      ]);
      for (const cp of row.contactPoints) {
        await tx.query(
          'insert into kle_contact_point (municipality_cvr, kle, type, value, label) values ($1,$2,$3,$4,$5)',
          [row.municipalityCvr, row.kle, cp.type, cp.value, cp.label],
        );
      }
    });
  }

  async safetyWords(cvrs: string[]): Promise<Map<string, string[]>> {
    const rows: Array<{ cvr: string; words: string[] }> = await this.db.query(
      `select municipality_cvr as cvr, array_agg(word order by word) as words from safety_word
        where municipality_cvr = any($1::text[]) group by municipality_cvr`,
      [cvrs],
    );
    return new Map(rows.map((r) => [r.cvr, r.words]));
  }

  async addSafetyWords(municipalityCvr: string, words: string[]): Promise<void> {
    if (!words.length) return;
    await this.db.query(
      `insert into safety_word (municipality_cvr, word) select $1, unnest($2::text[]) on conflict do nothing`,
      [municipalityCvr, words],
    );
  }
}
