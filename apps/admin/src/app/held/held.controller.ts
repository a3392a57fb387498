import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Param,
  Post,
  Query,
  Req,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminAccess } from '../auth/admin-access.decorator';
import { projectCitizenOverview } from '@overblik/domain';
import { HeldRecordRepository, IndexWriteRepository } from '@overblik/persistence';
import {
  JwtVerifier,
  pageOfQuery,
  type PagingRange,
  PG_BIGINT_MAX,
  problem,
  TokenError,
  tokenProblem,
} from '@overblik/platform';

export const ADMIN_JWT_VERIFIER = Symbol('ADMIN_JWT_VERIFIER');
export const HELD_SCOPE = 'held:release';

/** A paging parameter: decimal digits only. */
const DIGITS = { type: 'string', pattern: '^[0-9]+$' } as const;

/** held_record ids are bigint. */
const HELD_PAGING: PagingRange = { afterMax: PG_BIGINT_MAX, limitMax: 500, limitDefault: 100 };

type AdminRequest = Request & { admin?: { subject: string; cvr: string | null } };

/** A municipal administrator's token: scope `held:release`, claim `cvr` = the municipality. */
@Injectable()
export class MunicipalAdminGuard implements CanActivate {
  constructor(@Inject(ADMIN_JWT_VERIFIER) private readonly verifier: JwtVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    try {
      const payload = await this.verifier.verify(req.headers.authorization, HELD_SCOPE);
      const cvr = (payload as { cvr?: unknown }).cvr;
      if (typeof cvr !== 'string' || !/^\d{8}$/.test(cvr)) throw new TokenError('scope');
      req.admin = { subject: String(payload.sub), cvr };
      return true;
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      throw tokenProblem(e, `The token needs the scope ${HELD_SCOPE} and a municipality (cvr)`);
    }
  }
}

/** Who may use the held-record API: a municipal administrator, with a session or a bearer token. */
const HELD_ACCESS = { roles: ['MUNICIPAL_ADMIN'], scope: HELD_SCOPE } as const;

@ApiTags('safety net')
@Controller('v1/held')
export class HeldController {
  constructor(
    private readonly held: HeldRecordRepository,
    private readonly index: IndexWriteRepository,
  ) {}

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
  async list(@Req() req: AdminRequest, @Query('after') after?: unknown, @Query('limit') limit?: unknown) {
    const page = pageOfQuery({ after, limit }, HELD_PAGING);
    return { items: await this.held.listOpen(req.admin!.cvr!, String(page.after ?? 0n), page.limit) };
  }

  @Post(':id/release')
  @HttpCode(200)
  @AdminAccess({ ...HELD_ACCESS, write: true })
  @ApiOperation({ summary: 'Release a held record: it becomes visible to the citizen on the next read' })
  async release(@Req() req: AdminRequest, @Param('id') id: string, @Body() _body: unknown) {
    if (!/^\d{1,18}$/.test(id)) throw problem(400, 'id-invalid', 'The id must be a number');
    const released = await this.held.release(id, req.admin!.cvr!, req.admin!.subject);
    if (!released) throw problem(404, 'held-not-found', 'No open held record with this id in your municipality');
    // serialised with worker chunks that touch the object or patch these citizens' documents meanwhile
    await this.index.reproject(released.citizenKeys, projectCitizenOverview, [released.objectId]);
    return { id, released: true };
  }
}
