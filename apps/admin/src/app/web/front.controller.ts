import { Controller, Get, Render, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AdminAccessRepository } from '@overblik/persistence';
import { AdminAccess, CurrentAdmin } from '../auth/admin-access.decorator';
import type { AdminPrincipal } from '../auth/admin-principal';
import { PageProblemFilter } from './page-problem.filter';

/** The front page (the municipality's pages, or the municipalities for operators and auditors) and the audit trail. */
@ApiExcludeController()
@UseFilters(PageProblemFilter)
@Controller()
export class FrontController {
  constructor(private readonly access: AdminAccessRepository) {}

  @Get()
  @AdminAccess({ roles: ['MUNICIPAL_ADMIN', 'OPERATOR', 'AUDITOR'] })
  @Render('index.njk')
  async front(@CurrentAdmin() admin: AdminPrincipal) {
    const municipalities = await this.access.municipalities();
    return {
      municipalities,
      municipalityName: municipalities.find((m) => m.cvr === admin.cvr)?.name ?? admin.cvr,
    };
  }

  @Get('revisionsspor')
  @AdminAccess({ roles: ['MUNICIPAL_ADMIN', 'OPERATOR', 'AUDITOR'] })
  @Render('audit.njk')
  async audit(@CurrentAdmin() admin: AdminPrincipal) {
    return { records: await this.access.auditTrail(admin.role === 'MUNICIPAL_ADMIN' ? admin.cvr : null) };
  }
}
