import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A repository built from the DataSource alone. */
type PlainRepository = new (db: DataSource) => object;

/** A repository built from the DataSource and options worked out from other providers. */
export interface RepositoryWithOptions {
  repository: abstract new (...args: never[]) => object;
  inject: InjectionToken[];
  create(db: DataSource, deps: unknown[]): object;
}

export type RepositoryFeature = PlainRepository | RepositoryWithOptions;

/** A repository whose options come from the providers `inject` names (e.g. APP_CONFIG, a metrics service). */
export function withOptions<R extends object, O>(
  repository: new (db: DataSource, options: O) => R,
  inject: InjectionToken[],
  options: (...deps: never[]) => O,
): RepositoryWithOptions {
  const optionsOf = options as (...deps: unknown[]) => O;
  return { repository, inject, create: (db, deps) => new repository(db, optionsOf(...deps)) };
}

/**
 * The one way a Nest module gets repositories: each is built from the app's DataSource (and, where
 * given, its options), so no module writes a factory and no service calls `new` on a repository.
 * `providers: [...repositoryProviders(InboxRepository, withOptions(AccessLogRepository, [APP_CONFIG], (c) => …))]`.
 */
export function repositoryProviders(...features: RepositoryFeature[]): FactoryProvider[] {
  return features.map((feature) => {
    if (typeof feature === 'function')
      return { provide: feature, useFactory: (db: DataSource) => new feature(db), inject: [DataSource] };
    return {
      provide: feature.repository,
      useFactory: (db: DataSource, ...deps: unknown[]) => feature.create(db, deps),
      inject: [DataSource, ...feature.inject],
    };
  });
}
