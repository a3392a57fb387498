// @overblik/overview-answer: the stored rendered answer (ADR 0003), shared by the API, the worker and the
// pre-render command. The rules that decide what an answer says stay in @overblik/domain (overview).

// the answer as text in two parts, the citizen's stored part compressed, joined per call
export * from './answer-render';
export * from './answer-gzip';
export * from './answer-encoding';
// one display configuration snapshot per process, keyed by the configuration version
export * from './display-configuration.cache';
// shared read statements, the write-back of fresh renders, pre-render and refresh after ingest
export * from './read-lanes';
export * from './answer-log';
export * from './answer-store.writer';
export * from './answer-prerender';
export * from './answer-prerender.schedule';
export * from './answer-refresh';
