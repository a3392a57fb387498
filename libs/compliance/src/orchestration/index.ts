export * from './overview-api.client';
export * from './overview-contract';
