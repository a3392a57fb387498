import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminAccessRepository } from '@overblik/persistence';
import { APP_CONFIG, JwtVerifier } from '@overblik/platform';
import type { AdminConfig } from '../admin.config';
import { FrontController } from '../web/front.controller';
import { ADMIN_TOKEN_VERIFIER, AdminAccessGuard } from './admin-access.decorator';
import { LoginController } from './login.controller';
import { LoginService } from './login.service';
import { OidcController } from './oidc.controller';

/** Who uses the administration: login, sessions, the access guard every route uses, the audit trail. */
@Global()
@Module({
  controllers: [LoginController, OidcController, FrontController],
  providers: [
    AdminAccessGuard,
    LoginService,
    {
      provide: AdminAccessRepository,
      useFactory: (db: DataSource) => new AdminAccessRepository(db),
      inject: [DataSource],
    },
    {
      provide: ADMIN_TOKEN_VERIFIER,
      useFactory: (c: AdminConfig) =>
        new JwtVerifier({
          jwksUrl: c.ADMIN_JWKS_URL,
          jwks: c.ADMIN_JWKS,
          issuer: c.ADMIN_JWT_ISSUER,
          audience: c.ADMIN_JWT_AUDIENCE,
        }),
      inject: [APP_CONFIG],
    },
  ],
  exports: [AdminAccessGuard, ADMIN_TOKEN_VERIFIER, AdminAccessRepository],
})
export class AuthModule {}
