import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@overblik/platform';
import type { ApiConfig } from './api.config';
import { DeliveryModule } from './delivery/delivery.module';
import { OverviewModule } from './overview/overview.module';

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [PlatformModule.forRoot({ app: 'api', config, requestLogging: 'hook' }), DeliveryModule, OverviewModule],
    };
  }
}
