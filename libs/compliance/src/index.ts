// @overblik/compliance: Pact contracts. The orchestration layer's client of the overview API and the
// names its contract shares with the provider verification; the delivery patterns a fagsystem must
// master, the platform's delivery handling in memory that consumes them, and the contract's version.
export * from './orchestration';
export * from './delivery';
export * from './verification';
export * from './evidence';
export * from './session';
