import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CorpusRow, parseSafetyNetCorpus } from '@overblik/domain';

/** Where the labelled corpus of the safety net is kept (beside the rules it measures). */
export const SAFETY_NET_CORPUS_PATH = join(__dirname, '../../../libs/domain/src/safety-net/corpus/titles.tsv');

export function readSafetyNetCorpus(): CorpusRow[] {
  return parseSafetyNetCorpus(readFileSync(SAFETY_NET_CORPUS_PATH, 'utf8'));
}
