import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HeldRecordRepository, IndexWriteRepository } from '@overblik/persistence';
import { APP_CONFIG, JwtVerifier } from '@overblik/platform';
import type { AdminConfig } from '../admin.config';
import { ADMIN_JWT_VERIFIER, HeldController, MunicipalAdminGuard } from './held.controller';

@Module({
  controllers: [HeldController],
  providers: [
    MunicipalAdminGuard,
    {
      provide: HeldRecordRepository,
      useFactory: (db: DataSource) => new HeldRecordRepository(db),
      inject: [DataSource],
    },
    {
      provide: IndexWriteRepository,
      useFactory: (db: DataSource) => new IndexWriteRepository(db),
      inject: [DataSource],
    },
    {
      provide: ADMIN_JWT_VERIFIER,
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
})
export class HeldModule {}
