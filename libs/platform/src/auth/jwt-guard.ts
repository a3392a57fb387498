import {
  type CanActivate,
  type ExecutionContext,
  type FactoryProvider,
  type Provider,
  Inject,
  Injectable,
  type Type,
} from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { APP_CONFIG } from '../config/config';
import { JwtVerifier, TokenError } from './jwt-verifier';
import { tokenProblem } from './token-problem';

/** The config variables a guard's verifier reads: the keys (a JWKS URL or an inline JWKS), issuer, audience. */
export interface JwtGuardConfigKeys<C> {
  jwksUrl: keyof C & string;
  jwks: keyof C & string;
  issuer: keyof C & string;
  audience: keyof C & string;
}

export interface JwtGuardOptions<P, C> {
  /** The guard's class name (Nest's errors and logs name it). */
  name: string;
  configKeys: JwtGuardConfigKeys<C>;
  /** The shape `sub` must have (see JwtVerifierOptions); the verifier's default when not given. */
  subjectPattern?: RegExp | null;
  /** The scope the token must carry. */
  scope: string;
  /** The title of the 403 answer when the scope (or a claim `principal` needs) is missing. */
  scopeTitle: string;
  /** The request property the principal is put on, e.g. `vendor`. */
  property: string;
  /** The caller, from the verified claims; throws `new TokenError('scope')` when a claim it needs is wrong. */
  principal(claims: JWTPayload): P;
}

/** A guard class with the providers it needs: add `...Guard.providers` to the module that uses it. */
export type JwtGuard = Type<CanActivate> & { providers: Provider[] };

function configString(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The one bearer-token guard: verifies the token with a JwtVerifier built from the app's config, checks
 * the scope, puts the principal on the request, and answers a refused token with its AUTH-TOKEN-… rule
 * (401, or 403 for the scope) at `/headers/authorization`.
 */
export function createJwtGuard<P, C>(options: JwtGuardOptions<P, C>): JwtGuard {
  const verifierToken = Symbol(`${options.name} verifier`);

  @Injectable()
  class Guard implements CanActivate {
    constructor(@Inject(verifierToken) private readonly verifier: JwtVerifier) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const req = context
        .switchToHttp()
        .getRequest<{ headers: { authorization?: string } } & Record<string, unknown>>();
      try {
        const claims = await this.verifier.verify(req.headers.authorization, options.scope);
        req[options.property] = options.principal(claims);
        return true;
      } catch (e) {
        if (!(e instanceof TokenError)) throw e;
        throw tokenProblem(e, options.scopeTitle);
      }
    }
  }
  Object.defineProperty(Guard, 'name', { value: options.name });

  const verifier: FactoryProvider = {
    provide: verifierToken,
    useFactory: (config: Record<string, unknown>) => {
      const { jwksUrl, jwks, issuer, audience } = options.configKeys;
      return new JwtVerifier({
        jwksUrl: configString(config, jwksUrl),
        jwks: configString(config, jwks),
        issuer: config[issuer] as string,
        audience: config[audience] as string,
        ...(options.subjectPattern !== undefined ? { subjectPattern: options.subjectPattern } : {}),
      });
    },
    inject: [APP_CONFIG],
  };
  return Object.assign(Guard, { providers: [verifier, { provide: Guard, useClass: Guard }] });
}
