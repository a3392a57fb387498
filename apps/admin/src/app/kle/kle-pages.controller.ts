import { Body, Controller, Get, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { isEmneNr } from '@overblik/kle';
import { KLE_CONTACT_POINT_TYPES, type KleConfigLine } from '@overblik/domain';
import { ProblemException } from '@overblik/platform';
import { AdminAccess, CurrentAdmin } from '../auth/admin-access.decorator';
import type { AdminPrincipal } from '../auth/admin-principal';
import { PageProblemFilter } from '../web/page-problem.filter';
import { KleConfigService } from './kle-config.service';

const READ = { roles: ['MUNICIPAL_ADMIN', 'OPERATOR', 'AUDITOR'], municipalityParam: 'cvr' } as const;
const WRITE = { roles: ['MUNICIPAL_ADMIN'], municipalityParam: 'cvr', write: true } as const;

type Form = Record<string, unknown>;

export const CONTACT_TYPE_TITLES: Record<string, string> = {
  DIGITAL_POST: 'Digital Post',
  TELEFON: 'Telefon',
  EMAIL: 'E-mail',
  HJEMMESIDE: 'Hjemmeside',
  FYSISK: 'Fysisk adresse',
};

const text = (v: unknown): string => (typeof v === 'string' ? v.trim().slice(0, 2048) : '');
const checked = (v: unknown): boolean => v === 'on' || v === 'true';
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(text).filter(Boolean);

/** The edit form's fields as a configuration line. */
function lineOfForm(kle: string, form: Form): KleConfigLine {
  const contactType = text(form['contactType']);
  const contactValue = text(form['contactValue']);
  return {
    kle,
    shown: checked(form['shown']),
    fraDato: text(form['fraDato']),
    activeCaseOverride: checked(form['activeCaseOverride']),
    titleSource: text(form['titleSource']) === 'SAG' ? 'SAG' : 'KLE',
    documentTitles: checked(form['documentTitles']),
    selfserviceUrl: text(form['selfserviceUrl']) || null,
    borgerdkUrl: text(form['borgerdkUrl']) || null,
    fagsystemFilter: list(form['fagsystemFilter']),
    contactPoints:
      contactType || contactValue
        ? [{ type: contactType, value: contactValue, label: text(form['contactLabel']).slice(0, 100) || null }]
        : [],
  };
}

/** A JSON pointer of a line as the name of the form field it belongs to. */
const FIELD_OF_POINTER: Array<[RegExp, string]> = [
  [/^\/contactPoints\/\d+\/type$/, 'contactType'],
  [/^\/contactPoints\/\d+\/value$/, 'contactValue'],
  [/^\/fagsystemFilter/, 'fagsystemFilter'],
];
export const fieldOf = (pointer: string): string =>
  FIELD_OF_POINTER.find(([re]) => re.test(pointer))?.[1] ?? pointer.replace(/^\//, '').split('/')[0]!;

function errorsOf(e: unknown): Record<string, string> | null {
  if (!(e instanceof ProblemException)) return null;
  const p = e.problem;
  if (p.status !== 422 && p.status !== 403 && p.status !== 409 && p.status !== 404) return null;
  const errors: Record<string, string> = {};
  for (const v of p.violations ?? []) errors[fieldOf(v.pointer)] ??= v.message;
  if (!Object.keys(errors).length) errors['form'] = p.title;
  return errors;
}

/** The municipality's KLE pages: overview with search, one emne's form, the draft, approval, versions. */
@ApiExcludeController()
@UseFilters(PageProblemFilter)
@Controller('kommuner/:cvr')
export class KlePagesController {
  constructor(private readonly service: KleConfigService) {}

  @Get('kle')
  @AdminAccess(READ)
  async overview(@Param('cvr') cvr: string, @Res() res: Response, @Query('q') q?: unknown) {
    const query = typeof q === 'string' ? q.slice(0, 100) : '';
    const [live, draft, hits] = await Promise.all([
      this.service.live(cvr),
      this.service.draft(cvr),
      query ? this.service.search(cvr, query) : Promise.resolve([]),
    ]);
    res.render('kle/overview.njk', { cvr, q: query, live, draft, hits });
  }

  @Get('kle/emne/:kle')
  @AdminAccess(READ)
  async edit(@Param('cvr') cvr: string, @Param('kle') kle: string, @Res() res: Response) {
    if (!isEmneNr(kle)) return res.redirect(303, `/kommuner/${cvr}/kle`);
    const draft = await this.service.draft(cvr);
    const snapshot = draft?.snapshot ?? (await this.service.live(cvr)).snapshot;
    const line = snapshot.lines.find((l) => l.kle === kle);
    await this.renderEdit(res, 200, cvr, kle, line ?? null, {});
  }

  @Post('kle/emne/:kle')
  @AdminAccess(WRITE)
  async save(
    @Param('cvr') cvr: string,
    @Param('kle') kle: string,
    @Body() form: Form,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    if (!isEmneNr(kle)) return res.redirect(303, `/kommuner/${cvr}/kle`);
    const line = lineOfForm(kle, form ?? {});
    if (line.fraDato === '') return this.renderEdit(res, 400, cvr, kle, line, { fraDato: 'Angiv en fra-dato' });
    try {
      await this.service.saveLine(cvr, line, admin);
    } catch (e) {
      const errors = errorsOf(e);
      if (!errors) throw e;
      return this.renderEdit(res, 400, cvr, kle, line, errors);
    }
    res.redirect(303, `/kommuner/${cvr}/kle-kladde`);
  }

  @Post('kle/emne/:kle/flyt')
  @AdminAccess(WRITE)
  async move(
    @Param('cvr') cvr: string,
    @Param('kle') kle: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    await this.service.moveRetired(cvr, kle, admin);
    res.redirect(303, `/kommuner/${cvr}/kle-kladde`);
  }

  @Get('kle-kladde')
  @AdminAccess(READ)
  async draft(@Param('cvr') cvr: string, @CurrentAdmin() admin: AdminPrincipal, @Res() res: Response) {
    await this.renderDraft(res, 200, cvr, admin, {});
  }

  @Post('kle-kladde/indsend')
  @AdminAccess(WRITE)
  async submit(@Param('cvr') cvr: string, @CurrentAdmin() admin: AdminPrincipal, @Res() res: Response) {
    try {
      await this.service.submit(cvr, admin);
    } catch (e) {
      const errors = errorsOf(e);
      if (!errors) throw e;
      return this.renderDraft(res, 400, cvr, admin, errors);
    }
    res.redirect(303, `/kommuner/${cvr}/kle-kladde`);
  }

  @Post('kle-kladde/godkend')
  @AdminAccess(WRITE)
  async approve(
    @Param('cvr') cvr: string,
    @Body() form: Form,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    const reason = text(form?.['reason']);
    if (reason.length < 3)
      return this.renderDraft(res, 400, cvr, admin, { reason: 'Skriv en begrundelse på mindst 3 tegn' });
    try {
      await this.service.approve(cvr, admin, reason.slice(0, 500));
    } catch (e) {
      const errors = errorsOf(e);
      if (!errors) throw e;
      return this.renderDraft(res, e instanceof ProblemException ? e.problem.status : 400, cvr, admin, {
        reason: errors['form'] ?? Object.values(errors)[0]!,
      });
    }
    res.redirect(303, `/kommuner/${cvr}/kle-versioner`);
  }

  @Post('kle-kladde/kasser')
  @AdminAccess(WRITE)
  async discard(@Param('cvr') cvr: string, @Res() res: Response) {
    await this.service.discard(cvr);
    res.redirect(303, `/kommuner/${cvr}/kle`);
  }

  @Get('kle-versioner')
  @AdminAccess(READ)
  async versions(@Param('cvr') cvr: string, @Res() res: Response) {
    await this.renderVersions(res, 200, cvr, {});
  }

  @Post('kle-versioner/:version/genskab')
  @AdminAccess(WRITE)
  async rollback(
    @Param('cvr') cvr: string,
    @Param('version') version: string,
    @Body() form: Form,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    const reason = text(form?.[`reason-${version}`] ?? form?.['reason']);
    if (!/^\d{1,6}$/.test(version)) return res.redirect(303, `/kommuner/${cvr}/kle-versioner`);
    if (reason.length < 3)
      return this.renderVersions(res, 400, cvr, { [`reason-${version}`]: 'Skriv en begrundelse på mindst 3 tegn' });
    await this.service.rollback(cvr, Number(version), admin, reason.slice(0, 500));
    res.redirect(303, `/kommuner/${cvr}/kle-versioner`);
  }

  private async renderEdit(
    res: Response,
    status: number,
    cvr: string,
    kle: string,
    line: KleConfigLine | null,
    errors: Record<string, string>,
  ) {
    const [emne, fagsystems, ctx] = await Promise.all([
      this.service.emne(kle),
      this.service.connectedFagsystems(cvr),
      this.service.context(cvr),
    ]);
    const etape = ctx.etaper.find((e) => e.emner.includes(kle));
    res.status(status).render('kle/edit.njk', {
      cvr,
      kle,
      emne,
      etape,
      line,
      errors,
      fagsystems,
      contactTypes: [
        { value: '', text: 'Ingen' },
        ...KLE_CONTACT_POINT_TYPES.map((t) => ({ value: t, text: CONTACT_TYPE_TITLES[t] ?? t })),
      ],
      contact: line?.contactPoints[0] ?? { type: '', value: '', label: '' },
    });
  }

  private async renderDraft(
    res: Response,
    status: number,
    cvr: string,
    admin: AdminPrincipal,
    errors: Record<string, string>,
  ) {
    const draft = await this.service.draft(cvr);
    const preview = draft ? await this.service.preview(cvr) : null;
    res.status(status).render('kle/draft.njk', {
      cvr,
      draft,
      preview,
      errors,
      isAuthor: draft?.author.subject === admin.subject,
      canWrite: admin.role === 'MUNICIPAL_ADMIN',
    });
  }

  private async renderVersions(res: Response, status: number, cvr: string, errors: Record<string, string>) {
    const versions = await this.service.versions(cvr);
    const diffs = await Promise.all(versions.map((v) => this.service.versionDiff(cvr, v.version)));
    res.status(status).render('kle/versions.njk', {
      cvr,
      versions: versions.map((v, i) => ({ ...v, diff: diffs[i]!.diff })),
      current: versions[0]?.version ?? 0,
      errors,
    });
  }
}
