import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { pageOfQuery, type PagingRange, PG_BIGINT_MAX, problem } from '@overblik/platform';
import { AdminAccess, CurrentAdmin } from '../auth/admin-access.decorator';
import type { AdminPrincipal } from '../auth/admin-principal';
import { HeldService, type MunicipalAdmin } from './held.service';

/** A paging parameter: decimal digits only. */
const DIGITS = { type: 'string', pattern: '^[0-9]+$' } as const;

/** held_record ids are bigint. */
const HELD_PAGING: PagingRange = { afterMax: PG_BIGINT_MAX, limitMax: 500, limitDefault: 100 };

/** A token with this scope (and a cvr) still reaches the held-record API. */
const HELD_SCOPE = 'held:release';

/** Who may use the held-record API: a municipal administrator, with a session or a bearer token. */
const HELD_ACCESS = { roles: ['MUNICIPAL_ADMIN'], scope: HELD_SCOPE } as const;

const municipalAdmin = (admin: AdminPrincipal): MunicipalAdmin => ({ subject: admin.subject, cvr: admin.cvr ?? '' });

@ApiTags('safety net')
@Controller('v1/held')
export class HeldController {
  constructor(private readonly held: HeldService) {}

  @Get()
  @AdminAccess(HELD_ACCESS)
  @ApiOperation({ summary: "What the safety net holds back from citizens in the administrator's municipality" })
  @ApiQuery({
    name: 'after',
    required: false,
    schema: DIGITS,
    description: 'return held records with an id greater than this',
  })
  @ApiQuery({ name: 'limit', required: false, schema: DIGITS, description: '1–500, default 100' })
  async list(@CurrentAdmin() admin: AdminPrincipal, @Query('after') after?: unknown, @Query('limit') limit?: unknown) {
    const page = pageOfQuery({ after, limit }, HELD_PAGING);
    return { items: await this.held.list(municipalAdmin(admin), String(page.after ?? 0n), page.limit) };
  }

  @Post(':id/release')
  @HttpCode(200)
  @AdminAccess({ ...HELD_ACCESS, write: true })
  @ApiOperation({ summary: 'Release a held record: it becomes visible to the citizen on the next read' })
  async release(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Body() _body: unknown) {
    if (!/^\d{1,18}$/.test(id)) throw problem(400, 'id-invalid', 'The id must be a number');
    if (!(await this.held.release(municipalAdmin(admin), id)))
      throw problem(404, 'held-not-found', 'No open held record with this id in your municipality');
    return { id, released: true };
  }
}
