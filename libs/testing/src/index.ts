export * from './test-database';
export * from './test-redis';
export * from './app-boot.contract';
export * from './processes';
export * from './reference-seed';
export * from './citizen-seed';
export * from './inbox-seed';
export * from './malformed-requests';
