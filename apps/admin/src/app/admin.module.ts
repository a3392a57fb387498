import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@overblik/platform';
import type { AdminConfig } from './admin.config';
import { AuthModule } from './auth/auth.module';
import { CitizenModule } from './citizen/citizen.module';
import { HeldModule } from './held/held.module';
import { KleModule } from './kle/kle.module';
import { SafetyNetModule } from './web/safety-net.module';

@Module({})
export class AdminModule {
  static forRoot(config: AdminConfig): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        PlatformModule.forRoot({ app: 'admin', config }),
        AuthModule,
        HeldModule,
        SafetyNetModule,
        KleModule,
        CitizenModule,
      ],
    };
  }
}
