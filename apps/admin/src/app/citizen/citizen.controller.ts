import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { cprKey, danishDay, explainOverview } from '@overblik/domain';
import { DisplayConfigurationCache } from '@overblik/overview-answer';
import { AdminAccessRepository, OverviewReadRepository } from '@overblik/persistence';
import { APP_CONFIG, problem } from '@overblik/platform';
import type { AdminConfig } from '../admin.config';
import { AdminAccess, CurrentAdmin } from '../auth/admin-access.decorator';
import type { AdminPrincipal } from '../auth/admin-principal';

export const CITIZEN_CONFIGURATION = Symbol('CITIZEN_CONFIGURATION');

/**
 * "Vis som borger": what the overview answers a citizen, and for every stored case, document, grant and
 * payment why it is or is not shown. The CPR number comes in the body only (never a URL), is turned into
 * the keyed hash at once, and only that hash is audited.
 */
@ApiTags('citizen')
@Controller('v1/kommuner/:cvr/vis-som-borger')
export class CitizenController {
  constructor(
    private readonly reads: OverviewReadRepository,
    @Inject(CITIZEN_CONFIGURATION) private readonly configuration: DisplayConfigurationCache,
    private readonly audit: AdminAccessRepository,
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @AdminAccess({ roles: ['MUNICIPAL_ADMIN', 'OPERATOR'], municipalityParam: 'cvr' })
  @ApiOperation({ summary: 'What the overview answers a citizen, and why each record is or is not in it' })
  async show(@Param('cvr') cvr: string, @Body() body: unknown, @CurrentAdmin() admin: AdminPrincipal) {
    const raw = (body as { cpr?: unknown } | null)?.cpr;
    const cpr = typeof raw === 'string' ? raw.replace('-', '') : '';
    if (!/^\d{10}$/.test(cpr))
      throw problem(400, 'citizen-cpr-invalid', 'The CPR number is 10 digits in the body', {
        rule: 'CITIZEN-CPR-INVALID',
        violations: [{ rule: 'CITIZEN-CPR-INVALID', pointer: '/cpr', message: 'The CPR number is 10 digits' }],
      });
    const key = cprKey(cpr, this.config.CPR_HASH_KEY);
    const today = danishDay(new Date());
    const stored = await this.reads.read(key, today, false);
    const configuration = await this.configuration.forVersion(stored.configVersion);
    const { answer, explanations } = explainOverview(stored.body, configuration, today);
    await this.audit.record({
      actor: admin.subject,
      role: admin.role,
      municipalityCvr: cvr,
      action: 'CITIZEN_VIEWED',
      target: key,
      reason: 'vis som borger',
    });
    // a municipal administrator sees the explanation of their own municipality's records only
    const own =
      admin.role === 'MUNICIPAL_ADMIN' ? explanations.filter((e) => e.konfiguration.kommune === cvr) : explanations;
    return { answer, explanations: own };
  }
}
