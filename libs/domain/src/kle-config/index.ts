export * from './kle-config.types';
export * from './kle-config.rules';
export * from './kle-config.diff';
export * from './kle-config.impact';
