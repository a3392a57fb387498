import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { problem } from '@overblik/platform';
import { AdminAccess, CurrentAdmin } from '../auth/admin-access.decorator';
import type { AdminPrincipal } from '../auth/admin-principal';
import { PageProblemFilter } from './page-problem.filter';
import { FormInvalid, SafetyNetService } from './safety-net.service';

const READ = { roles: ['MUNICIPAL_ADMIN', 'OPERATOR', 'AUDITOR'], municipalityParam: 'cvr' } as const;
const WRITE = { roles: ['MUNICIPAL_ADMIN', 'OPERATOR'], municipalityParam: 'cvr', write: true } as const;

type Body = Record<string, unknown> | undefined;

function stateOf(q: unknown): 'open' | 'kept' | 'all' {
  return q === 'beholdt' ? 'kept' : q === 'alle' ? 'all' : 'open';
}

/** The safety-net review as pages: the queue, one held record (release, keep hidden), the word list. */
@ApiExcludeController()
@UseFilters(PageProblemFilter)
@Controller('kommuner/:cvr')
export class SafetyNetPagesController {
  constructor(private readonly safetyNet: SafetyNetService) {}

  @Get('tilbageholdt')
  @AdminAccess(READ)
  async queue(
    @Param('cvr') cvr: string,
    @Query('vis') vis: unknown,
    @Query('frigivet') frigivet: unknown,
    @Res() res: Response,
  ) {
    const state = stateOf(vis);
    res.render('held-list.njk', {
      cvr,
      municipalityName: await this.safetyNet.municipalityName(cvr),
      items: await this.safetyNet.queue(cvr, state),
      state,
      released: typeof frigivet === 'string' && /^\d{1,18}$/.test(frigivet) ? frigivet : null,
    });
  }

  @Get('tilbageholdt/:id')
  @AdminAccess(READ)
  async item(
    @Param('cvr') cvr: string,
    @Param('id') id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    await this.renderItem(res, 200, cvr, id, admin, {}, '');
  }

  @Post('tilbageholdt/:id/frigiv')
  @AdminAccess(WRITE)
  async release(
    @Param('cvr') cvr: string,
    @Param('id') id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    await this.safetyNet.release(admin, cvr, id);
    res.redirect(303, `/kommuner/${cvr}/tilbageholdt?frigivet=${id}`);
  }

  @Post('tilbageholdt/:id/behold')
  @AdminAccess(WRITE)
  async keep(
    @Param('cvr') cvr: string,
    @Param('id') id: string,
    @Body() body: Body,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    try {
      await this.safetyNet.keep(admin, cvr, id, body?.['reason']);
    } catch (e) {
      if (!(e instanceof FormInvalid)) throw e;
      return this.renderItem(res, 400, cvr, id, admin, e.errors, String(body?.['reason'] ?? ''));
    }
    res.redirect(303, `/kommuner/${cvr}/tilbageholdt/${id}`);
  }

  @Get('ordliste')
  @AdminAccess(READ)
  async words(@Param('cvr') cvr: string, @Query('tilfoejet') added: unknown, @Res() res: Response) {
    await this.renderWords(res, 200, cvr, {}, '', typeof added === 'string' ? added : null);
  }

  @Post('ordliste')
  @AdminAccess(WRITE)
  async addWord(
    @Param('cvr') cvr: string,
    @Body() body: Body,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    try {
      const { newlyHeld } = await this.safetyNet.addWord(admin, cvr, body?.['word']);
      res.redirect(303, `/kommuner/${cvr}/ordliste?tilfoejet=${newlyHeld}`);
    } catch (e) {
      if (!(e instanceof FormInvalid)) throw e;
      await this.renderWords(res, 400, cvr, e.errors, String(body?.['word'] ?? ''), null);
    }
  }

  @Post('ordliste/fjern')
  @AdminAccess(WRITE)
  async removeWord(
    @Param('cvr') cvr: string,
    @Body() body: Body,
    @CurrentAdmin() admin: AdminPrincipal,
    @Res() res: Response,
  ) {
    await this.safetyNet.removeWord(admin, cvr, body?.['word']);
    res.redirect(303, `/kommuner/${cvr}/ordliste`);
  }

  private async renderItem(
    res: Response,
    status: number,
    cvr: string,
    id: string,
    admin: AdminPrincipal,
    errors: Record<string, string>,
    reason: string,
  ) {
    const item = await this.safetyNet.item(cvr, id);
    res.status(status).render('held-record.njk', {
      cvr,
      municipalityName: await this.safetyNet.municipalityName(cvr),
      item,
      mayChange: admin.role !== 'AUDITOR',
      errors,
      reason,
    });
  }

  private async renderWords(
    res: Response,
    status: number,
    cvr: string,
    errors: Record<string, string>,
    word: string,
    newlyHeld: string | null,
  ) {
    res.status(status).render('word-list.njk', {
      cvr,
      municipalityName: await this.safetyNet.municipalityName(cvr),
      words: await this.safetyNet.words(cvr),
      errors,
      word,
      rescanned: newlyHeld !== null && /^\d{1,9}$/.test(newlyHeld),
      newlyHeld: Number(newlyHeld),
    });
  }
}

/** A form's Danish messages as problem+json: the rule and a pointer at the field in the body. */
function formProblem(e: FormInvalid) {
  const violations = Object.entries(e.errors).map(([field, message]) => ({
    rule: e.rule,
    pointer: `/body/${field}`,
    message,
  }));
  return problem(400, e.rule.toLowerCase(), violations[0]?.message ?? e.rule, { rule: e.rule, violations });
}

async function orFormProblem<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw e instanceof FormInvalid ? formProblem(e) : e;
  }
}

/** The JSON API of the safety-net review: the same as the pages, for a bearer token or a session. */
@ApiTags('safety net')
@Controller('v1/kommuner/:cvr')
export class SafetyNetApiController {
  constructor(private readonly safetyNet: SafetyNetService) {}

  @Get('tilbageholdt')
  @AdminAccess(READ)
  @ApiOperation({ summary: 'Held records of the municipality, the text masked (vis: aaben (default), beholdt, alle)' })
  async queue(@Param('cvr') cvr: string, @Query('vis') vis?: string) {
    if (vis !== undefined && !['aaben', 'beholdt', 'alle'].includes(vis))
      throw problem(400, 'query-invalid', 'vis is aaben, beholdt or alle', {
        rule: 'QUERY-INVALID',
        violations: [{ rule: 'QUERY-INVALID', pointer: '/query/vis', message: 'vis is aaben, beholdt or alle' }],
      });
    return { items: await this.safetyNet.queue(cvr, stateOf(vis)) };
  }

  @Get('tilbageholdt/:id')
  @AdminAccess(READ)
  @ApiOperation({ summary: 'One held record, the text masked, with who released or kept it and when' })
  item(@Param('cvr') cvr: string, @Param('id') id: string) {
    return this.safetyNet.item(cvr, id);
  }

  @Post('tilbageholdt/:id/frigiv')
  @HttpCode(200)
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Release a held record: the citizen sees it on the next read' })
  async release(@Param('cvr') cvr: string, @Param('id') id: string, @CurrentAdmin() admin: AdminPrincipal) {
    await this.safetyNet.release(admin, cvr, id);
    return this.safetyNet.item(cvr, id);
  }

  @Post('tilbageholdt/:id/behold')
  @HttpCode(200)
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Keep a held record hidden, with a reason (body: {"reason": "..."})' })
  async keep(
    @Param('cvr') cvr: string,
    @Param('id') id: string,
    @Body() body: Body,
    @CurrentAdmin() admin: AdminPrincipal,
  ) {
    await orFormProblem(this.safetyNet.keep(admin, cvr, id, body?.['reason']));
    return this.safetyNet.item(cvr, id);
  }

  @Get('ordliste')
  @AdminAccess(READ)
  @ApiOperation({ summary: "The municipality's word list: words never shown to a citizen" })
  async words(@Param('cvr') cvr: string) {
    return { words: await this.safetyNet.words(cvr) };
  }

  @Post('ordliste')
  @HttpCode(200)
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Add a word (body: {"word": "..."}); stored records are rescanned, new matches held' })
  async addWord(@Param('cvr') cvr: string, @Body() body: Body, @CurrentAdmin() admin: AdminPrincipal) {
    const { newlyHeld } = await orFormProblem(this.safetyNet.addWord(admin, cvr, body?.['word']));
    return { words: await this.safetyNet.words(cvr), newlyHeld };
  }

  @Delete('ordliste/:word')
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Remove a word; held records stay held until released' })
  async removeWord(@Param('cvr') cvr: string, @Param('word') word: string, @CurrentAdmin() admin: AdminPrincipal) {
    const { newlyHeld } = await this.safetyNet.removeWord(admin, cvr, word);
    return { words: await this.safetyNet.words(cvr), newlyHeld };
  }
}
