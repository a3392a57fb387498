import { Inject, Injectable } from '@nestjs/common';
import { AdminAccessRepository } from '@overblik/persistence';
import { APP_CONFIG, verifyPassword } from '@overblik/platform';
import type { AdminConfig } from '../admin.config';
import type { AdminPrincipal } from './admin-principal';

/** A hash that never matches: a login of an unknown user costs what a wrong password costs. */
const NO_USER_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
export const LOGIN_ATTEMPTS = 5;
export const LOGIN_WINDOW_MINUTES = 15;

export type LoginOutcome = { ok: true; principal: AdminPrincipal } | { ok: false; errors: Record<string, string> };

/** Local login against admin_user: a generic answer, and at most LOGIN_ATTEMPTS failures per window. */
@Injectable()
export class LoginService {
  constructor(
    private readonly access: AdminAccessRepository,
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
  ) {}

  get localLogin(): boolean {
    return this.config.ADMIN_LOCAL_LOGIN;
  }

  async login(usernameInput: unknown, passwordInput: unknown): Promise<LoginOutcome> {
    const username = typeof usernameInput === 'string' ? usernameInput.trim().toLowerCase() : '';
    const password = typeof passwordInput === 'string' ? passwordInput : '';
    const errors: Record<string, string> = {};
    if (username === '') errors['username'] = 'Skriv dit brugernavn.';
    if (password === '') errors['password'] = 'Skriv din adgangskode.';
    if (username.length > 64 || password.length > 1024)
      errors['username'] = 'Brugernavnet eller adgangskoden er for lang.';
    if (Object.keys(errors).length) return { ok: false, errors };
    if ((await this.access.failedLogins(username, LOGIN_WINDOW_MINUTES, false)) >= LOGIN_ATTEMPTS) {
      return {
        ok: false,
        errors: { username: `For mange forkerte forsøg. Vent ${LOGIN_WINDOW_MINUTES} minutter, og prøv igen.` },
      };
    }
    const user = await this.access.findUser(username);
    const matches = await verifyPassword(password, user?.passwordHash ?? NO_USER_HASH);
    if (!user || !matches) {
      await this.access.failedLogins(username, LOGIN_WINDOW_MINUTES, true);
      return { ok: false, errors: { password: 'Brugernavnet eller adgangskoden er forkert.' } };
    }
    await this.access.clearFailedLogins(username);
    const principal: AdminPrincipal = {
      subject: user.username,
      name: user.displayName,
      role: user.role,
      cvr: user.municipalityCvr,
    };
    await this.access.record({
      actor: user.username,
      role: user.role,
      municipalityCvr: user.municipalityCvr,
      action: 'login',
      target: null,
      reason: null,
    });
    return { ok: true, principal };
  }

  async logout(principal: AdminPrincipal): Promise<void> {
    await this.access.record({
      actor: principal.subject,
      role: principal.role,
      municipalityCvr: principal.cvr,
      action: 'logout',
      target: null,
      reason: null,
    });
  }
}
