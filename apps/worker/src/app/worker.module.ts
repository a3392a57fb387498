import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@overblik/platform';
import type { WorkerConfig } from './worker.config';
import { IngestModule } from './ingest/ingest.module';
import { OverviewModule } from './overview/overview.module';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot({ app: 'worker', config }), IngestModule, OverviewModule],
    };
  }
}
