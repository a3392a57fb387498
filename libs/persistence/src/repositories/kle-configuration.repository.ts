import type { DataSource, EntityManager } from 'typeorm';
import type { CitizenOverviewDocument, Etape, KleConfigSnapshot } from '@overblik/domain';

export interface KleConfigActor {
  subject: string;
  name: string;
}

export interface KleConfigDraftRow {
  municipalityCvr: string;
  author: KleConfigActor;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  baseVersion: number;
  snapshot: KleConfigSnapshot;
}

export interface KleConfigVersionRow {
  municipalityCvr: string;
  version: number;
  snapshot: KleConfigSnapshot;
  author: KleConfigActor;
  approver: KleConfigActor | null;
  publishedAt: string;
  reason: string;
  rolledBackFrom: number | null;
}

/** Why a draft operation could not run: the service turns it into a problem. */
export class KleConfigStateError extends Error {
  constructor(
    readonly code: 'NO-DRAFT' | 'NOT-SUBMITTED' | 'NO-VERSION' | 'FOUR-EYES',
    message: string,
  ) {
    super(message);
  }
}

export const BASELINE_REASON = 'Før administration';

const LIVE_SNAPSHOT_SQL = `
  select coalesce(jsonb_agg(jsonb_build_object(
           'kle', c.kle, 'shown', c.shown, 'fraDato', c.fra_dato::text,
           'activeCaseOverride', c.active_case_override, 'titleSource', c.title_source,
           'documentTitles', c.document_titles, 'selfserviceUrl', c.selfservice_url,
           'borgerdkUrl', c.borgerdk_url,
           'fagsystemFilter', coalesce((select jsonb_agg(f.fagsystem_id order by f.fagsystem_id)
                                          from kle_config_fagsystem f
                                         where f.municipality_cvr = c.municipality_cvr and f.kle = c.kle), '[]'::jsonb),
           'contactPoints', coalesce((select jsonb_agg(jsonb_build_object('type', p.type, 'value', p.value, 'label', p.label) order by p.id)
                                        from kle_contact_point p
                                       where p.municipality_cvr = c.municipality_cvr and p.kle = c.kle), '[]'::jsonb)
         ) order by c.kle), '[]'::jsonb) as lines
    from kle_config c where c.municipality_cvr = $1`;

interface DraftDb {
  municipality_cvr: string;
  author_subject: string;
  author_name: string;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  base_version: number;
  snapshot: KleConfigSnapshot;
}
interface VersionDb {
  municipality_cvr: string;
  version: number;
  snapshot: KleConfigSnapshot;
  author_subject: string;
  author_name: string;
  approver_subject: string | null;
  approver_name: string | null;
  published_at: Date;
  reason: string;
  rolled_back_from: number | null;
}

const toDraft = (r: DraftDb): KleConfigDraftRow => ({
  municipalityCvr: r.municipality_cvr,
  author: { subject: r.author_subject, name: r.author_name },
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  submittedAt: r.submitted_at?.toISOString() ?? null,
  baseVersion: r.base_version,
  snapshot: r.snapshot,
});
const toVersion = (r: VersionDb): KleConfigVersionRow => ({
  municipalityCvr: r.municipality_cvr,
  version: r.version,
  snapshot: r.snapshot,
  author: { subject: r.author_subject, name: r.author_name },
  approver: r.approver_subject ? { subject: r.approver_subject, name: r.approver_name ?? '' } : null,
  publishedAt: r.published_at.toISOString(),
  reason: r.reason,
  rolledBackFrom: r.rolled_back_from,
});

/**
 * A municipality's KLE configuration: the live rows the display rules read, its one open draft and its
 * published versions. Publishing and rolling back replace the live rows and record the version in one
 * transaction, so nothing is half-written.
 */
export class KleConfigurationRepository {
  constructor(
    private readonly db: DataSource,
    /** Called inside the publish transaction after the live rows are replaced (tests use it to fail mid-way). */
    private readonly afterReplace: (tx: EntityManager) => Promise<void> = async () => undefined,
  ) {}

  async liveSnapshot(cvr: string, tx: EntityManager = this.db.manager): Promise<KleConfigSnapshot> {
    const [row] = (await tx.query(LIVE_SNAPSHOT_SQL, [cvr])) as Array<{ lines: KleConfigSnapshot['lines'] }>;
    return { lines: row?.lines ?? [] };
  }

  /** Version 0 ("før administration"): the configuration as it was when first read. */
  async ensureBaseline(cvr: string, tx?: EntityManager): Promise<void> {
    const run = async (m: EntityManager) => {
      await m.query('select pg_advisory_xact_lock(hashtext($1))', [`kle_config_version:${cvr}`]);
      const [exists] = await m.query('select 1 from kle_config_version where municipality_cvr = $1 limit 1', [cvr]);
      if (exists) return;
      const snapshot = await this.liveSnapshot(cvr, m);
      await m.query(
        `insert into kle_config_version (municipality_cvr, version, snapshot, author_subject, author_name, reason)
         values ($1, 0, $2, 'system', 'System', $3)`,
        [cvr, JSON.stringify(snapshot), BASELINE_REASON],
      );
    };
    if (tx) await run(tx);
    else await this.db.transaction(run);
  }

  async currentVersion(cvr: string, tx: EntityManager = this.db.manager): Promise<number> {
    const [row] = (await tx.query(
      'select coalesce(max(version), 0)::int as v from kle_config_version where municipality_cvr = $1',
      [cvr],
    )) as Array<{ v: number }>;
    return row?.v ?? 0;
  }

  async draft(cvr: string): Promise<KleConfigDraftRow | null> {
    const [row] = (await this.db.query('select * from kle_config_draft where municipality_cvr = $1', [
      cvr,
    ])) as DraftDb[];
    return row ? toDraft(row) : null;
  }

  /** Create or replace the municipality's draft; an edit takes back a submission, and its editor becomes the author. */
  async saveDraft(cvr: string, author: KleConfigActor, snapshot: KleConfigSnapshot): Promise<KleConfigDraftRow> {
    return this.db.transaction(async (tx) => {
      await this.ensureBaseline(cvr, tx);
      const base = await this.currentVersion(cvr, tx);
      const [row] = (await tx.query(
        `insert into kle_config_draft (municipality_cvr, author_subject, author_name, base_version, snapshot)
         values ($1, $2, $3, $4, $5)
         on conflict (municipality_cvr) do update set author_subject = excluded.author_subject,
           author_name = excluded.author_name, snapshot = excluded.snapshot, updated_at = now(), submitted_at = null
         returning *`,
        [cvr, author.subject, author.name, base, JSON.stringify(snapshot)],
      )) as DraftDb[];
      return toDraft(row!);
    });
  }

  async deleteDraft(cvr: string): Promise<boolean> {
    const [, count] = (await this.db.query('delete from kle_config_draft where municipality_cvr = $1', [cvr])) as [
      unknown,
      number,
    ];
    return count > 0;
  }

  async submit(cvr: string, subject: string): Promise<KleConfigDraftRow> {
    const [rows] = (await this.db.query(
      `update kle_config_draft set submitted_at = now() where municipality_cvr = $1 and author_subject = $2 returning *`,
      [cvr, subject],
    )) as [DraftDb[], number];
    if (!rows.length) throw new KleConfigStateError('NO-DRAFT', 'no draft by this author');
    return toDraft(rows[0]!);
  }

  /**
   * Publish the submitted draft: in one transaction the live rows are replaced from its snapshot, the
   * version is recorded with author and approver, and the draft is closed.
   */
  async publish(cvr: string, approver: KleConfigActor, reason: string): Promise<KleConfigVersionRow> {
    return this.db.transaction(async (tx) => {
      const [draft] = (await tx.query('select * from kle_config_draft where municipality_cvr = $1 for update', [
        cvr,
      ])) as DraftDb[];
      if (!draft) throw new KleConfigStateError('NO-DRAFT', 'no draft');
      if (!draft.submitted_at) throw new KleConfigStateError('NOT-SUBMITTED', 'draft not submitted');
      if (draft.author_subject === approver.subject)
        throw new KleConfigStateError('FOUR-EYES', 'author cannot approve');
      await this.ensureBaseline(cvr, tx);
      await this.replaceLive(tx, cvr, draft.snapshot);
      const version = await this.insertVersion(tx, cvr, draft.snapshot, toDraft(draft).author, approver, reason, null);
      await tx.query('delete from kle_config_draft where municipality_cvr = $1', [cvr]);
      return version;
    });
  }

  /** Make an earlier version live again in one step: a new version equal to it, recorded with who and why. */
  async rollback(cvr: string, toVersion: number, who: KleConfigActor, reason: string): Promise<KleConfigVersionRow> {
    return this.db.transaction(async (tx) => {
      await this.ensureBaseline(cvr, tx);
      const [target] = (await tx.query(
        'select * from kle_config_version where municipality_cvr = $1 and version = $2',
        [cvr, toVersion],
      )) as VersionDb[];
      if (!target) throw new KleConfigStateError('NO-VERSION', 'no such version');
      await this.replaceLive(tx, cvr, target.snapshot);
      return this.insertVersion(tx, cvr, target.snapshot, who, null, reason, toVersion);
    });
  }

  async versions(cvr: string): Promise<KleConfigVersionRow[]> {
    await this.ensureBaseline(cvr);
    const rows = (await this.db.query(
      'select * from kle_config_version where municipality_cvr = $1 order by version desc',
      [cvr],
    )) as VersionDb[];
    return rows.map(toVersion);
  }

  async version(cvr: string, version: number): Promise<KleConfigVersionRow | null> {
    await this.ensureBaseline(cvr);
    const [row] = (await this.db.query(
      'select * from kle_config_version where municipality_cvr = $1 and version = $2',
      [cvr, version],
    )) as VersionDb[];
    return row ? toVersion(row) : null;
  }

  async etaper(): Promise<Etape[]> {
    const rows = (await this.db.query(
      `select e.nr, e.year, e.title, coalesce(array_agg(m.kle order by m.kle) filter (where m.kle is not null), '{}') as emner
         from etape e left join etape_emne m on m.etape_nr = e.nr group by e.nr order by e.nr`,
    )) as Etape[];
    return rows;
  }

  /** Fagsystems connected to the municipality (any status but suspended). */
  async connectedFagsystems(cvr: string): Promise<Array<{ id: string; name: string }>> {
    return (await this.db.query(
      `select f.id, f.product as name from fagsystem_connection c join fagsystem f on f.id = c.fagsystem_id
        where c.municipality_cvr = $1 and c.status <> 'SUSPENDED' order by f.id`,
      [cvr],
    )) as Array<{ id: string; name: string }>;
  }

  /** Read models of citizens with a case, grant or payment of the municipality, `limit` at a time after `afterKey`. */
  async citizenDocuments(
    cvr: string,
    afterKey: string,
    limit: number,
  ): Promise<Array<{ citizenKey: string; body: CitizenOverviewDocument }>> {
    const rows = (await this.db.query(
      `select o.citizen_key, o.body from citizen_overview o
        where o.citizen_key > $1
          and (o.body -> 'sager' @> $3::jsonb or o.body -> 'bevillinger' @> $3::jsonb
               or o.body -> 'effektueringer' @> $3::jsonb)
        order by o.citizen_key limit $2`,
      [afterKey, limit, JSON.stringify([{ ownerCvr: cvr }])],
    )) as Array<{ citizen_key: string; body: CitizenOverviewDocument }>;
    return rows.map((r) => ({ citizenKey: r.citizen_key, body: r.body }));
  }

  private async replaceLive(tx: EntityManager, cvr: string, snapshot: KleConfigSnapshot): Promise<void> {
    // kle_config_fagsystem and kle_contact_point go with their kle_config row (on delete cascade)
    await tx.query('delete from kle_config where municipality_cvr = $1', [cvr]);
    const lines = JSON.stringify(snapshot.lines);
    await tx.query(
      `insert into kle_config (municipality_cvr, kle, shown, fra_dato, active_case_override, title_source,
         document_titles, selfservice_url, borgerdk_url)
       select $1, r.kle, r."shown", r."fraDato"::date, r."activeCaseOverride", r."titleSource", r."documentTitles",
              r."selfserviceUrl", r."borgerdkUrl"
         from jsonb_to_recordset($2::jsonb) as r(kle text, "shown" boolean, "fraDato" text, "activeCaseOverride" boolean,
              "titleSource" text, "documentTitles" boolean, "selfserviceUrl" text, "borgerdkUrl" text)`,
      [cvr, lines],
    );
    await tx.query(
      `insert into kle_config_fagsystem (municipality_cvr, kle, fagsystem_id)
       select $1, l->>'kle', f from jsonb_array_elements($2::jsonb) l, jsonb_array_elements_text(l->'fagsystemFilter') f`,
      [cvr, lines],
    );
    await tx.query(
      `insert into kle_contact_point (municipality_cvr, kle, type, value, label)
       select $1, l->>'kle', p->>'type', p->>'value', p->>'label'
         from jsonb_array_elements($2::jsonb) l, jsonb_array_elements(l->'contactPoints') with ordinality as cp(p, n)
        order by l->>'kle', n`,
      [cvr, lines],
    );
    await this.afterReplace(tx);
  }

  private async insertVersion(
    tx: EntityManager,
    cvr: string,
    snapshot: KleConfigSnapshot,
    author: KleConfigActor,
    approver: KleConfigActor | null,
    reason: string,
    rolledBackFrom: number | null,
  ): Promise<KleConfigVersionRow> {
    const [row] = (await tx.query(
      `insert into kle_config_version (municipality_cvr, version, snapshot, author_subject, author_name,
         approver_subject, approver_name, reason, rolled_back_from)
       select $1, coalesce(max(version), -1) + 1, $2, $3, $4, $5, $6, $7, $8
         from kle_config_version where municipality_cvr = $1
       returning *`,
      [
        cvr,
        JSON.stringify(snapshot),
        author.subject,
        author.name,
        approver?.subject ?? null,
        approver?.name ?? null,
        reason,
        rolledBackFrom,
      ],
    )) as VersionDb[];
    return toVersion(row!);
  }
}
