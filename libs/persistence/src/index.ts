export * from './data-source';
export * from './entities/reference.entities';
export * from './entities/kle.entities';
export * from './entities/configuration.entities';
export * from './entities/citizen-overview.entity';
export * from './database-admin';
export * from './repositories/reference-data.repository';
