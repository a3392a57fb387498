import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { pageOfQuery, type PagingRange, PG_BIGINT_MAX, problem } from '@overblik/platform';
import { type MunicipalAdmin, MunicipalAdminGuard } from './held.guard';
import { HeldService } from './held.service';

/** A paging parameter: decimal digits only. */
const DIGITS = { type: 'string', pattern: '^[0-9]+$' } as const;

/** held_record ids are bigint. */
const HELD_PAGING: PagingRange = { afterMax: PG_BIGINT_MAX, limitMax: 500, limitDefault: 100 };

type AdminRequest = Request & { admin?: MunicipalAdmin };

@ApiTags('safety net')
@ApiBearerAuth()
@UseGuards(MunicipalAdminGuard)
@Controller('v1/held')
export class HeldController {
  constructor(private readonly held: HeldService) {}

  @Get()
  @ApiOperation({ summary: "What the safety net holds back from citizens in the administrator's municipality" })
  @ApiQuery({
    name: 'after',
    required: false,
    schema: DIGITS,
    description: 'return held records with an id greater than this',
  })
  @ApiQuery({ name: 'limit', required: false, schema: DIGITS, description: '1–500, default 100' })
  async list(@Req() req: AdminRequest, @Query('after') after?: unknown, @Query('limit') limit?: unknown) {
    const page = pageOfQuery({ after, limit }, HELD_PAGING);
    return { items: await this.held.list(req.admin!, String(page.after ?? 0n), page.limit) };
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a held record: it becomes visible to the citizen on the next read' })
  async release(@Req() req: AdminRequest, @Param('id') id: string, @Body() _body: unknown) {
    if (!/^\d{1,18}$/.test(id)) throw problem(400, 'id-invalid', 'The id must be a number');
    if (!(await this.held.release(req.admin!, id)))
      throw problem(404, 'held-not-found', 'No open held record with this id in your municipality');
    return { id, released: true };
  }
}
