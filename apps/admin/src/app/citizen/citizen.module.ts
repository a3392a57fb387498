import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DisplayConfigurationCache } from '@overblik/overview-answer';
import { OverviewReadRepository } from '@overblik/persistence';
import { EmergencyController } from '../emergency/emergency.controller';
import { CITIZEN_CONFIGURATION, CitizenController } from './citizen.controller';

/** "Vis som borger" and the emergency stop: what citizens see, and hiding it at once. */
@Module({
  controllers: [CitizenController, EmergencyController],
  providers: [
    {
      provide: OverviewReadRepository,
      useFactory: (db: DataSource) => new OverviewReadRepository(db),
      inject: [DataSource],
    },
    {
      provide: CITIZEN_CONFIGURATION,
      useFactory: (reads: OverviewReadRepository) => new DisplayConfigurationCache(reads),
      inject: [OverviewReadRepository],
    },
  ],
})
export class CitizenModule {}
