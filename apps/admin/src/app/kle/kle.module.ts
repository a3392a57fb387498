import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KleConfigurationRepository, OverviewReadRepository, ReferenceDataRepository } from '@overblik/persistence';
import { KleConfigController } from './kle-config.controller';
import { KleConfigService } from './kle-config.service';
import { KlePagesController } from './kle-pages.controller';

/** A municipality's KLE configuration: JSON API and pages. */
@Module({
  controllers: [KleConfigController, KlePagesController],
  providers: [
    KleConfigService,
    {
      provide: KleConfigurationRepository,
      useFactory: (db: DataSource) => new KleConfigurationRepository(db),
      inject: [DataSource],
    },
    {
      provide: ReferenceDataRepository,
      useFactory: (db: DataSource) => new ReferenceDataRepository(db),
      inject: [DataSource],
    },
    {
      provide: OverviewReadRepository,
      useFactory: (db: DataSource) => new OverviewReadRepository(db),
      inject: [DataSource],
    },
  ],
  exports: [KleConfigService],
})
export class KleModule {}
