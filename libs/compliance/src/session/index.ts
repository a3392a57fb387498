export * from './delivery-classifier';
export * from './sandbox-server';
export * from './sandbox-session';
export * from './scenarios';
export * from './session-token';
