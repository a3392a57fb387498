import { readFileSync } from 'node:fs';
import { detectCprLikeNumbers, formatSafetyNetCorpus } from '@overblik/domain';
import { SAFETY_NET_CORPUS_PATH } from './safety-net-corpus.file';
import { generateSafetyNetCorpus } from './safety-net-corpus.generator';

describe('the safety net corpus generator', () => {
  const rows = generateSafetyNetCorpus();

  it('wrote the committed corpus (npm run corpus:safety-net writes it again)', () => {
    expect(readFileSync(SAFETY_NET_CORPUS_PATH, 'utf8') === formatSafetyNetCorpus(rows)).toBe(true);
  });

  it('gives the same rows for the same seed and others for another', () => {
    expect(generateSafetyNetCorpus()).toEqual(rows);
    expect(generateSafetyNetCorpus(7)).not.toEqual(rows);
  });

  it('writes no title twice', () => {
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
  });

  it('uses only CPR numbers no one can have: born after today, or a 1900s birth whose modulus 11 fails', () => {
    const suspicious = rows
      .filter((r) => r.expected === 'hold-cpr')
      .flatMap((r) => detectCprLikeNumbers(r.text))
      .filter((h) => h.confidence === 'high' && !/^\d{4}(4[0-9]|5[0-7])/.test(h.match.replace(/\D/g, '')));
    expect(suspicious.length).toBe(0);
  });
});
