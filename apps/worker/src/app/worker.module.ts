import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@overblik/platform';
import type { WorkerConfig } from './worker.config';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot({ app: 'worker', config })],
    };
  }
}
