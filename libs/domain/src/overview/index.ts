export * from './overview.types';
export * from './display-configuration';
export * from './display-rules';
export * from './next-payment';
export * from './overview.builder';
export * from './overview.schema';
export * from './overview.render';
export * from './overview.gzip';
