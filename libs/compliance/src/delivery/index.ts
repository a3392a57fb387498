export * from './delivery-contract';
export * from './delivery-contract.matchers';
export * from './delivery-handling';
export * from './in-memory-index';
export * from './pattern-checks';
export * from './patterns';
