import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import { JwtVerifier, problem, TokenError, tokenProblem } from '@overblik/platform';
import { type AdminPrincipal, type AdminRole, principalOfClaims } from './admin-principal';

export const ADMIN_TOKEN_VERIFIER = Symbol('ADMIN_TOKEN_VERIFIER');
export const ADMIN_ACCESS = 'overblik:admin-access';
/** The scope a bearer token needs for the administration's JSON API. */
export const ADMIN_SCOPE = 'admin';

export interface AdminAccessOptions {
  roles: readonly AdminRole[];
  /** The route parameter holding the municipality's CVR: a municipal administrator only for their own. */
  municipalityParam?: string;
  /** A change: never for an auditor. */
  write?: boolean;
  /** The scope a bearer token needs here (default `admin`); the held-record API also takes `held:release`. */
  scope?: string;
}

export type AdminRequest = Request & { admin?: AdminPrincipal };

/** The access rules of the administration; problems carry these rule ids. */
export const ADMIN_ACCESS_RULES = {
  'ADMIN-LOGIN-REQUIRED': { da: 'Du skal logge ind.', en: 'Log in, or send a bearer token with scope admin.' },
  'ADMIN-ROLE-FORBIDDEN': { da: 'Din rolle giver ikke adgang hertil.', en: 'Your role may not use this.' },
  'ADMIN-MUNICIPALITY-FORBIDDEN': {
    da: 'Du har kun adgang til din egen kommune.',
    en: 'A municipal administrator reaches only their own municipality.',
  },
  'ADMIN-CSRF-INVALID': {
    da: 'Formularen er udløbet. Indlæs siden igen, og prøv igen.',
    en: 'A change made with a session needs the CSRF token of that session.',
  },
} as const;
export type AdminAccessRule = keyof typeof ADMIN_ACCESS_RULES;

export function adminProblem(status: 401 | 403, rule: AdminAccessRule) {
  return problem(status, rule.toLowerCase(), ADMIN_ACCESS_RULES[rule].en, {
    rule,
    violations: [{ rule, pointer: '', message: ADMIN_ACCESS_RULES[rule].en }],
  });
}

/**
 * Who the caller is (the session's user, else a bearer token) and whether they may use this route:
 * role, municipality and, for a change, not an auditor.
 */
@Injectable()
export class AdminAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ADMIN_TOKEN_VERIFIER) private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.get<AdminAccessOptions | undefined>(ADMIN_ACCESS, context.getHandler());
    if (!options) return true;
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const principal = req.admin ?? (await this.principalOf(req, options.scope ?? ADMIN_SCOPE));
    req.admin = principal;
    if (!options.roles.includes(principal.role)) throw adminProblem(403, 'ADMIN-ROLE-FORBIDDEN');
    if (options.write && principal.role === 'AUDITOR') throw adminProblem(403, 'ADMIN-ROLE-FORBIDDEN');
    if (principal.role === 'MUNICIPAL_ADMIN' && options.municipalityParam) {
      if (req.params[options.municipalityParam] !== principal.cvr)
        throw adminProblem(403, 'ADMIN-MUNICIPALITY-FORBIDDEN');
    }
    return true;
  }

  private async principalOf(req: AdminRequest, scope: string): Promise<AdminPrincipal> {
    const fromSession = req.session?.principal;
    if (fromSession) return fromSession;
    if (req.headers.authorization === undefined) throw adminProblem(401, 'ADMIN-LOGIN-REQUIRED');
    try {
      const payload = await this.verifier.verify(req.headers.authorization, scope);
      const claims = payload as { name?: unknown; role?: unknown; cvr?: unknown };
      const principal = principalOfClaims(payload.sub, claims.name, claims.role, claims.cvr);
      if (!principal) throw new TokenError('scope');
      return principal;
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      throw tokenProblem(e, `The token needs the scope ${scope}, a role and, for a municipal administrator, a cvr`);
    }
  }
}

/** Who may call this route: roles, the municipality parameter and whether it changes anything. */
export function AdminAccess(options: AdminAccessOptions): MethodDecorator {
  return applyDecorators(
    SetMetadata(ADMIN_ACCESS, options),
    UseGuards(AdminAccessGuard),
    ApiBearerAuth(),
    ApiCookieAuth('overblik_admin'),
  );
}

/** The principal the guard found. */
export const CurrentAdmin = createParamDecorator((_: unknown, context: ExecutionContext): AdminPrincipal => {
  const admin = context.switchToHttp().getRequest<AdminRequest>().admin;
  if (!admin) throw adminProblem(401, 'ADMIN-LOGIN-REQUIRED');
  return admin;
});
