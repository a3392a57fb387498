import { Module } from '@nestjs/common';
import { HeldRecordRepository, IndexWriteRepository, repositoryProviders } from '@overblik/persistence';
import { HeldController } from './held.controller';
import { HeldService } from './held.service';

@Module({
  controllers: [HeldController],
  providers: [HeldService, ...repositoryProviders(HeldRecordRepository, IndexWriteRepository)],
})
export class HeldModule {}
