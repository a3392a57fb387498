export * from './run-result';
export * from './pact-shape';
export * from './finding-value';
export * from './caseworker-text.check';
export * from './verify-provider';
export * from './reports';
