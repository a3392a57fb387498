import { Injectable } from '@nestjs/common';
import {
  buildDisplayConfiguration,
  compareImpact,
  danishDay,
  diffKleConfig,
  KLE_CONFIG_RULES,
  type KleConfigContext,
  type KleConfigDiff,
  type KleConfigImpact,
  type KleConfigLine,
  type KleConfigSnapshot,
  type KleConfigViolation,
  validateKleConfigLine,
  withMunicipalitySnapshot,
} from '@overblik/domain';
import {
  AdminAccessRepository,
  type KleConfigActor,
  type KleConfigDraftRow,
  KleConfigStateError,
  KleConfigurationRepository,
  type KleConfigVersionRow,
  type KleNodeRow,
  OverviewReadRepository,
  ReferenceDataRepository,
} from '@overblik/persistence';
import { problem } from '@overblik/platform';
import type { AdminPrincipal } from '../auth/admin-principal';

export interface CatalogueHit {
  nummer: string;
  titel: string;
  udgaaet: string | null;
  afloestAf: string[];
  configured: boolean;
}

export interface ImpactPreview {
  diff: KleConfigDiff;
  impact: KleConfigImpact;
  durationMs: number;
}

const BATCH = 1000;

/** A refused line: 422 with every broken rule at its field. */
export function lineProblem(violations: readonly KleConfigViolation[]) {
  return problem(422, 'kle-config-invalid', 'Konfigurationen er ikke gyldig', {
    rule: violations[0]?.rule ?? 'KLE-CONFIG-INVALID',
    violations: violations.map((v) => ({ rule: v.rule, pointer: v.field, message: v.message })),
  });
}

const actorOf = (p: AdminPrincipal): KleConfigActor => ({ subject: p.subject, name: p.name });

/** A municipality's KLE configuration: catalogue search, draft, preview, four eyes, versions, rollback. */
@Injectable()
export class KleConfigService {
  constructor(
    private readonly repo: KleConfigurationRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly reads: OverviewReadRepository,
    private readonly access: AdminAccessRepository,
  ) {}

  private audit(by: AdminPrincipal, cvr: string, action: string, target: string, reason: string | null) {
    return this.access.record({ actor: by.subject, role: by.role, municipalityCvr: cvr, action, target, reason });
  }

  private async emner(): Promise<Map<string, KleNodeRow>> {
    const nodes = await this.reference.currentKleNodes();
    return new Map(nodes.filter((n) => n.level === 'emne').map((n) => [n.nummer, n]));
  }

  async search(cvr: string, q: string, limit = 50): Promise<CatalogueHit[]> {
    const emner = await this.emner();
    const live = await this.repo.liveSnapshot(cvr);
    const configured = new Set(live.lines.map((l) => l.kle));
    const needle = q.trim().toLowerCase();
    const words = needle.split(/\s+/).filter(Boolean);
    const hits: CatalogueHit[] = [];
    for (const n of emner.values()) {
      const title = n.titel.toLowerCase();
      const match =
        needle === '' ||
        n.nummer.startsWith(needle) ||
        n.nummer.replace(/\./g, '').startsWith(needle.replace(/\./g, '')) ||
        words.every((w) => title.includes(w));
      if (!match) continue;
      hits.push({
        nummer: n.nummer,
        titel: n.titel,
        udgaaet: n.udgaaet ?? null,
        afloestAf: n.afloestAf ?? [],
        configured: configured.has(n.nummer),
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  async emne(nummer: string): Promise<KleNodeRow | undefined> {
    return (await this.emner()).get(nummer);
  }

  async live(cvr: string): Promise<{ version: number; snapshot: KleConfigSnapshot }> {
    await this.repo.ensureBaseline(cvr);
    return { version: await this.repo.currentVersion(cvr), snapshot: await this.repo.liveSnapshot(cvr) };
  }

  draft(cvr: string): Promise<KleConfigDraftRow | null> {
    return this.repo.draft(cvr);
  }

  async connectedFagsystems(cvr: string) {
    return this.repo.connectedFagsystems(cvr);
  }

  async context(cvr: string): Promise<KleConfigContext> {
    const [emner, etaper, fagsystems] = await Promise.all([
      this.emner(),
      this.repo.etaper(),
      this.repo.connectedFagsystems(cvr),
    ]);
    return {
      catalogue: {
        emneTitle: (nr) => emner.get(nr)?.titel,
        isRetired: (nr) => Boolean(emner.get(nr)?.udgaaet) || (emner.get(nr)?.afloestAf?.length ?? 0) > 0,
        replacementFor: (nr) => emner.get(nr)?.afloestAf?.[0],
      },
      etaper,
      connectedFagsystems: new Set(fagsystems.map((f) => f.id)),
    };
  }

  validate(line: KleConfigLine, ctx: KleConfigContext): KleConfigViolation[] {
    return validateKleConfigLine(line, ctx);
  }

  private async workingSnapshot(cvr: string): Promise<KleConfigSnapshot> {
    return (await this.repo.draft(cvr))?.snapshot ?? (await this.repo.liveSnapshot(cvr));
  }

  /** Put one line into the draft (made from the live configuration when there is none); nothing is saved when it breaks a rule. */
  async saveLine(cvr: string, line: KleConfigLine, by: AdminPrincipal): Promise<KleConfigDraftRow> {
    const violations = this.validate(line, await this.context(cvr));
    if (violations.length) throw lineProblem(violations);
    const snapshot = await this.workingSnapshot(cvr);
    const lines = snapshot.lines.filter((l) => l.kle !== line.kle).concat(line);
    lines.sort((a, b) => a.kle.localeCompare(b.kle));
    const draft = await this.repo.saveDraft(cvr, actorOf(by), { lines });
    await this.audit(by, cvr, 'kle.draft.save', `kle:${line.kle}`, null);
    return draft;
  }

  async removeLine(cvr: string, kle: string, by: AdminPrincipal): Promise<KleConfigDraftRow> {
    const snapshot = await this.workingSnapshot(cvr);
    if (!snapshot.lines.some((l) => l.kle === kle))
      throw problem(404, 'kle-config-line-not-found', 'Emnet er ikke konfigureret', {
        rule: 'KLE-CONFIG-LINE-NOT-FOUND',
      });
    return this.repo.saveDraft(cvr, actorOf(by), { lines: snapshot.lines.filter((l) => l.kle !== kle) });
  }

  /** Move the configuration of a retired emne to the emne that replaced it, in the draft. */
  async moveRetired(cvr: string, from: string, by: AdminPrincipal): Promise<KleConfigDraftRow> {
    const node = await this.emne(from);
    const to = node?.afloestAf?.[0];
    if (!node || !to)
      throw problem(422, 'kle-config-not-retired', 'Emnet er ikke udgået med en afløser', {
        rule: 'KLE-CONFIG-KLE-RETIRED',
        violations: [
          { rule: 'KLE-CONFIG-KLE-RETIRED', pointer: '/from', message: 'Emnet er ikke udgået med en afløser' },
        ],
      });
    const snapshot = await this.workingSnapshot(cvr);
    const old = snapshot.lines.find((l) => l.kle === from);
    if (!old)
      throw problem(404, 'kle-config-line-not-found', 'Emnet er ikke konfigureret', {
        rule: 'KLE-CONFIG-LINE-NOT-FOUND',
      });
    const rest = snapshot.lines.filter((l) => l.kle !== from && l.kle !== to);
    const lines = [...rest, { ...old, kle: to }].sort((a, b) => a.kle.localeCompare(b.kle));
    return this.repo.saveDraft(cvr, actorOf(by), { lines });
  }

  async discard(cvr: string): Promise<void> {
    if (!(await this.repo.deleteDraft(cvr))) throw noDraft();
  }

  async preview(cvr: string, today = danishDay()): Promise<ImpactPreview> {
    const draft = await this.repo.draft(cvr);
    if (!draft) throw noDraft();
    const started = Date.now();
    const live = buildDisplayConfiguration(await this.reads.displayConfiguration());
    const next = withMunicipalitySnapshot(live, cvr, draft.snapshot);
    const docs = [];
    for (let after = ''; ; ) {
      const batch = await this.repo.citizenDocuments(cvr, after, BATCH);
      docs.push(...batch.map((b) => b.body));
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]!.citizenKey;
    }
    const impact = compareImpact(docs, cvr, live, next, today);
    const diff = diffKleConfig(await this.repo.liveSnapshot(cvr), draft.snapshot);
    return { diff, impact, durationMs: Date.now() - started };
  }

  async submit(cvr: string, by: AdminPrincipal): Promise<KleConfigDraftRow> {
    try {
      const draft = await this.repo.submit(cvr, by.subject);
      await this.audit(by, cvr, 'kle.draft.submit', 'kle_config_draft', null);
      return draft;
    } catch (e) {
      throw this.translate(e);
    }
  }

  /** Approve and publish: only another municipal administrator than the draft's author. */
  async approve(cvr: string, by: AdminPrincipal, reason: string): Promise<KleConfigVersionRow> {
    const draft = await this.repo.draft(cvr);
    if (!draft) throw noDraft();
    if (draft.author.subject === by.subject) throw fourEyes();
    try {
      const version = await this.repo.publish(cvr, actorOf(by), reason);
      await this.audit(by, cvr, 'kle.version.publish', `kle_config_version:${version.version}`, reason);
      return version;
    } catch (e) {
      throw this.translate(e);
    }
  }

  versions(cvr: string): Promise<KleConfigVersionRow[]> {
    return this.repo.versions(cvr);
  }

  async versionDiff(cvr: string, version: number): Promise<{ version: KleConfigVersionRow; diff: KleConfigDiff }> {
    const v = await this.repo.version(cvr, version);
    if (!v) throw noVersion();
    const previous = version > 0 ? await this.repo.version(cvr, version - 1) : null;
    return { version: v, diff: diffKleConfig(previous?.snapshot ?? v.snapshot, v.snapshot) };
  }

  async rollback(cvr: string, toVersion: number, by: AdminPrincipal, reason: string): Promise<KleConfigVersionRow> {
    try {
      const version = await this.repo.rollback(cvr, toVersion, actorOf(by), reason);
      await this.audit(by, cvr, 'kle.version.rollback', `kle_config_version:${toVersion}`, reason);
      return version;
    } catch (e) {
      throw this.translate(e);
    }
  }

  private translate(e: unknown): unknown {
    if (!(e instanceof KleConfigStateError)) return e;
    if (e.code === 'FOUR-EYES') return fourEyes();
    if (e.code === 'NO-VERSION') return noVersion();
    if (e.code === 'NOT-SUBMITTED')
      return problem(409, 'kle-config-not-submitted', 'Kladden er ikke sendt til godkendelse', {
        rule: 'KLE-CONFIG-NOT-SUBMITTED',
      });
    return noDraft();
  }
}

const noDraft = () =>
  problem(404, 'kle-config-no-draft', 'Der er ingen kladde (af dig) for kommunen', { rule: 'KLE-CONFIG-NO-DRAFT' });
const noVersion = () =>
  problem(404, 'kle-config-no-version', 'Versionen findes ikke', { rule: 'KLE-CONFIG-NO-VERSION' });
export const fourEyes = () =>
  problem(403, 'kle-config-four-eyes', KLE_CONFIG_RULES['KLE-CONFIG-FOUR-EYES'].da, {
    rule: 'KLE-CONFIG-FOUR-EYES',
    detail: KLE_CONFIG_RULES['KLE-CONFIG-FOUR-EYES'].en,
  });
