import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AdminAccessRepository } from '@overblik/persistence';
import { problem } from '@overblik/platform';
import { AdminAccess, CurrentAdmin } from '../auth/admin-access.decorator';
import type { AdminPrincipal } from '../auth/admin-principal';

const SCOPES = ['KLE', 'FAGSYSTEM', 'RECORD'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(pointer: string, message: string) {
  return problem(400, 'emergency-stop-invalid', message, {
    rule: 'EMERGENCY-STOP-INVALID',
    violations: [{ rule: 'EMERGENCY-STOP-INVALID', pointer, message }],
  });
}

function reasonOf(body: unknown): string {
  const reason = (body as { reason?: unknown } | null)?.reason;
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 2000)
    throw invalid('/reason', 'A reason of 1–2000 characters is required');
  return reason.trim();
}

const CVR = /^\d{8}$/;

/**
 * The emergency stop ("nødstop"): hide at once a KLE emne, a fagsystem's records or one record from the
 * municipality's citizens. Every stop and lift bumps the configuration version (a trigger), so the
 * overview's next call leaves them out; each is audited with who and why.
 */
@ApiTags('emergency stop')
@Controller('v1/kommuner/:cvr/noedstop')
export class EmergencyController {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AdminAccessRepository,
  ) {}

  @Get()
  @AdminAccess({ roles: ['MUNICIPAL_ADMIN', 'OPERATOR', 'AUDITOR'], municipalityParam: 'cvr' })
  @ApiOperation({ summary: "The municipality's emergency stops, in force and lifted, newest first" })
  async list(@Param('cvr') cvr: string) {
    if (!CVR.test(cvr)) throw invalid('', 'The CVR number has 8 digits');
    const items = await this.db.query(
      `select id::text, scope, value, reason, created_by as "createdBy", created_at as "createdAt",
              lifted_by as "liftedBy", lifted_at as "liftedAt", lift_reason as "liftReason"
         from emergency_hide where municipality_cvr = $1 order by created_at desc, id`,
      [cvr],
    );
    return { items };
  }

  @Post()
  @HttpCode(201)
  @AdminAccess({ roles: ['MUNICIPAL_ADMIN', 'OPERATOR'], municipalityParam: 'cvr', write: true })
  @ApiOperation({ summary: 'Stop: hide a KLE emne, a fagsystem or one record of the municipality at once' })
  async stop(@Param('cvr') cvr: string, @Body() body: unknown, @CurrentAdmin() admin: AdminPrincipal) {
    if (!CVR.test(cvr)) throw invalid('', 'The CVR number has 8 digits');
    const b = (body ?? {}) as { scope?: unknown; value?: unknown };
    if (typeof b.scope !== 'string' || !(SCOPES as readonly string[]).includes(b.scope))
      throw invalid('/scope', 'scope is KLE, FAGSYSTEM or RECORD');
    if (typeof b.value !== 'string' || b.value === '' || b.value.length > 200)
      throw invalid('/value', 'value is a KLE number, a fagsystem id or an object uuid');
    if (b.scope === 'KLE' && !/^\d{2}(\.\d{2}){0,2}$/.test(b.value))
      throw invalid('/value', 'a KLE number reads like 32.18.02');
    if (b.scope === 'RECORD' && !UUID.test(b.value)) throw invalid('/value', 'a record is named by its uuid');
    const reason = reasonOf(body);
    const known: unknown[] = await this.db.query('select 1 from municipality where cvr = $1', [cvr]);
    if (!known.length) throw problem(404, 'municipality-not-found', 'No municipality with this CVR number');
    const [row] = (await this.db.query(
      `insert into emergency_hide (municipality_cvr, scope, value, reason, created_by) values ($1,$2,$3,$4,$5)
       returning id::text, created_at as "createdAt"`,
      [cvr, b.scope, b.scope === 'RECORD' ? b.value.toLowerCase() : b.value, reason, admin.subject],
    )) as Array<{ id: string; createdAt: string }>;
    await this.audit.record({
      actor: admin.subject,
      role: admin.role,
      municipalityCvr: cvr,
      action: 'EMERGENCY_STOP',
      target: `${b.scope}:${b.value}`,
      reason,
    });
    return { id: row!.id, scope: b.scope, value: b.value, reason, createdAt: row!.createdAt };
  }

  @Post(':id/ophaev')
  @HttpCode(200)
  @AdminAccess({ roles: ['MUNICIPAL_ADMIN', 'OPERATOR'], municipalityParam: 'cvr', write: true })
  @ApiOperation({ summary: 'Lift an emergency stop, deliberately and with a reason' })
  async lift(
    @Param('cvr') cvr: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentAdmin() admin: AdminPrincipal,
  ) {
    if (!UUID.test(id)) throw invalid('', 'The id is a uuid');
    const reason = reasonOf(body);
    const rows = (await this.db.query(
      `update emergency_hide set lifted_by = $3, lifted_at = now(), lift_reason = $4
        where id = $1 and municipality_cvr = $2 and lifted_at is null returning scope, value`,
      [id, cvr, admin.subject, reason],
    )) as [Array<{ scope: string; value: string }>, number];
    const lifted = rows[0]?.[0];
    if (!lifted) throw problem(404, 'emergency-stop-not-found', 'No emergency stop in force with this id');
    await this.audit.record({
      actor: admin.subject,
      role: admin.role,
      municipalityCvr: cvr,
      action: 'EMERGENCY_STOP_LIFTED',
      target: `${lifted.scope}:${lifted.value}`,
      reason,
    });
    return { id, lifted: true };
  }
}
