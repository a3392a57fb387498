export * from './evidence-keys';
export * from './evidence-pack';
