// @overblik/compliance: Pact contracts. The orchestration layer's client of the overview API and the
// names its contract shares with the provider verification.
export * from './orchestration';
