/**
 * Writes the safety net's labelled corpus from its generator:
 *   npm run corpus:safety-net
 * The file is committed; a unit test checks that it is what the generator writes.
 */
import { writeFileSync } from 'node:fs';
import { formatSafetyNetCorpus } from '@overblik/domain';
import { SAFETY_NET_CORPUS_PATH } from './safety-net-corpus.file';
import { generateSafetyNetCorpus } from './safety-net-corpus.generator';

const rows = generateSafetyNetCorpus();
writeFileSync(SAFETY_NET_CORPUS_PATH, formatSafetyNetCorpus(rows));
process.stdout.write(`${rows.length} rows written to ${SAFETY_NET_CORPUS_PATH}\n`);
