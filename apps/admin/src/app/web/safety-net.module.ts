import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HeldRecordRepository, IndexWriteRepository, SafetyNetReviewRepository } from '@overblik/persistence';
import { SafetyNetApiController, SafetyNetPagesController } from './safety-net.controller';
import { SafetyNetService } from './safety-net.service';

const repository = <T>(type: new (db: DataSource) => T) => ({
  provide: type,
  useFactory: (db: DataSource) => new type(db),
  inject: [DataSource],
});

/** The safety-net review: pages and the JSON API under /kommuner/:cvr and /v1/kommuner/:cvr. */
@Module({
  controllers: [SafetyNetPagesController, SafetyNetApiController],
  providers: [
    SafetyNetService,
    repository(SafetyNetReviewRepository),
    repository(HeldRecordRepository),
    repository(IndexWriteRepository),
  ],
})
export class SafetyNetModule {}
