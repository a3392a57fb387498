export * from './ingest.queue';
