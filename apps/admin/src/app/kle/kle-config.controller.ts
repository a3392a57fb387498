import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { isEmneNr } from '@overblik/kle';
import { schemaViolations } from '@overblik/domain';
import { problem } from '@overblik/platform';
import { AdminAccess, CurrentAdmin } from '../auth/admin-access.decorator';
import type { AdminPrincipal } from '../auth/admin-principal';
import { kleConfigLineBody, lineOf, moveBody, reasonBody } from './kle-config.schema';
import { KleConfigService } from './kle-config.service';

const READ = { roles: ['MUNICIPAL_ADMIN', 'OPERATOR', 'AUDITOR'], municipalityParam: 'cvr' } as const;
/** Changes, approval and rollback: the municipality's own administrators only. */
const WRITE = { roles: ['MUNICIPAL_ADMIN'], municipalityParam: 'cvr', write: true } as const;

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const violations = schemaViolations(result.error, '', body).map((v) => ({
    rule: v.rule,
    pointer: v.pointer,
    message: v.message,
  }));
  throw problem(422, 'kle-config-body-invalid', 'Indholdet er ikke gyldigt', {
    rule: violations[0]?.rule ?? 'SCHEMA-INVALID',
    violations,
  });
}

function kleParam(kle: string): string {
  if (!isEmneNr(kle))
    throw problem(400, 'kle-config-kle-format', 'KLE-nummeret skal have formen NN.NN.NN', {
      rule: 'KLE-CONFIG-KLE-UNKNOWN',
      violations: [
        { rule: 'KLE-CONFIG-KLE-UNKNOWN', pointer: '/params/kle', message: 'KLE-nummeret skal have formen NN.NN.NN' },
      ],
    });
  return kle;
}

function versionParam(v: string): number {
  if (!/^\d{1,6}$/.test(v))
    throw problem(400, 'kle-config-version-format', 'Versionen skal være et tal', { rule: 'KLE-CONFIG-NO-VERSION' });
  return Number(v);
}

@ApiTags('KLE configuration')
@Controller('v1/kommuner/:cvr')
export class KleConfigController {
  constructor(private readonly service: KleConfigService) {}

  @Get('kle-katalog')
  @AdminAccess(READ)
  @ApiOperation({ summary: 'Search the KLE catalogue by number prefix, title or keyword' })
  @ApiQuery({ name: 'q', required: false })
  async search(@Param('cvr') cvr: string, @Query('q') q?: unknown) {
    return { items: await this.service.search(cvr, typeof q === 'string' ? q.slice(0, 100) : '') };
  }

  @Get('kle-konfiguration')
  @AdminAccess(READ)
  @ApiOperation({ summary: "The municipality's live KLE configuration and its version" })
  live(@Param('cvr') cvr: string) {
    return this.service.live(cvr);
  }

  @Get('kle-kladde')
  @AdminAccess(READ)
  @ApiOperation({ summary: 'The open draft of the municipality, if any' })
  async draft(@Param('cvr') cvr: string) {
    const draft = await this.service.draft(cvr);
    if (!draft) throw problem(404, 'kle-config-no-draft', 'Der er ingen kladde', { rule: 'KLE-CONFIG-NO-DRAFT' });
    return draft;
  }

  @Put('kle-kladde/linjer/:kle')
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Put one KLE emne into the draft (validated; nothing saved on a broken rule)' })
  saveLine(
    @Param('cvr') cvr: string,
    @Param('kle') kle: string,
    @Body() body: unknown,
    @CurrentAdmin() admin: AdminPrincipal,
  ) {
    return this.service.saveLine(cvr, lineOf(kleParam(kle), parse(kleConfigLineBody, body)), admin);
  }

  @Delete('kle-kladde/linjer/:kle')
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Take one KLE emne out of the draft (it is closed once published)' })
  removeLine(@Param('cvr') cvr: string, @Param('kle') kle: string, @CurrentAdmin() admin: AdminPrincipal) {
    return this.service.removeLine(cvr, kleParam(kle), admin);
  }

  @Post('kle-kladde/flyt')
  @HttpCode(200)
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Move the configuration of a retired emne to its replacement, in the draft' })
  move(@Param('cvr') cvr: string, @Body() body: unknown, @CurrentAdmin() admin: AdminPrincipal) {
    return this.service.moveRetired(cvr, parse(moveBody, body).from, admin);
  }

  @Delete('kle-kladde')
  @HttpCode(204)
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Discard the draft' })
  async discard(@Param('cvr') cvr: string) {
    await this.service.discard(cvr);
  }

  @Get('kle-kladde/konsekvens')
  @AdminAccess(READ)
  @ApiOperation({ summary: 'Impact preview: citizens, cases, documents and payments that appear or disappear' })
  preview(@Param('cvr') cvr: string) {
    return this.service.preview(cvr);
  }

  @Post('kle-kladde/indsend')
  @HttpCode(200)
  @AdminAccess(WRITE)
  @ApiOperation({ summary: "Submit the draft for a second administrator's approval (by its author)" })
  submit(@Param('cvr') cvr: string, @CurrentAdmin() admin: AdminPrincipal) {
    return this.service.submit(cvr, admin);
  }

  @Post('kle-kladde/godkend')
  @HttpCode(200)
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Approve and publish the submitted draft (four eyes: never its author)' })
  approve(@Param('cvr') cvr: string, @Body() body: unknown, @CurrentAdmin() admin: AdminPrincipal) {
    return this.service.approve(cvr, admin, parse(reasonBody, body).reason);
  }

  @Get('kle-versioner')
  @AdminAccess(READ)
  @ApiOperation({ summary: 'Every published version, newest first' })
  async versions(@Param('cvr') cvr: string) {
    return { items: await this.service.versions(cvr) };
  }

  @Get('kle-versioner/:version/diff')
  @AdminAccess(READ)
  @ApiOperation({ summary: 'What the version changed from the one before it' })
  diff(@Param('cvr') cvr: string, @Param('version') version: string) {
    return this.service.versionDiff(cvr, versionParam(version));
  }

  @Post('kle-versioner/:version/genskab')
  @HttpCode(200)
  @AdminAccess(WRITE)
  @ApiOperation({ summary: 'Roll back to this version in one step (recorded with who and why)' })
  rollback(
    @Param('cvr') cvr: string,
    @Param('version') version: string,
    @Body() body: unknown,
    @CurrentAdmin() admin: AdminPrincipal,
  ) {
    return this.service.rollback(cvr, versionParam(version), admin, parse(reasonBody, body).reason);
  }
}
