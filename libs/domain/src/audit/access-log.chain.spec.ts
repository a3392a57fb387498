import { type AccessLogEntry, chainAccessLog, GENESIS_HASH, verifyAccessLog } from './access-log.chain';

const entry = (i: number): AccessLogEntry => ({
  at: `2024-04-10T10:00:0${i}.000Z`,
  clientId: 'orchestration',
  purpose: 'MIT_OVERBLIK',
  citizenKey: `k${i}`,
  municipalities: ['29189846'],
  recordIds: [],
  flagged: false,
});

describe('the access-log hash chain', () => {
  const chain = chainAccessLog({ seq: 0, hash: GENESIS_HASH }, [entry(1), entry(2), entry(3)]);

  it('verifies an untouched chain, also resumed from a head', () => {
    expect(verifyAccessLog(chain)).toMatchObject({ ok: true, checked: 3 });
    const more = chainAccessLog({ seq: 3, hash: chain[2]!.hash }, [entry(4)]);
    expect(verifyAccessLog(more, { seq: 3, hash: chain[2]!.hash })).toMatchObject({ ok: true, checked: 1 });
  });

  it.each([
    ['a changed field', (c: typeof chain) => c.map((e, i) => (i === 1 ? { ...e, clientId: 'someone-else' } : e)), 2],
    ['a removed row', (c: typeof chain) => c.filter((_, i) => i !== 1), 2],
    [
      'a rewritten hash',
      (c: typeof chain) => c.map((e, i) => (i === 0 ? { ...e, purpose: 'SUPPORT', hash: 'f'.repeat(64) } : e)),
      1,
    ],
  ])('finds %s', (_what, tamper, brokenAt) => {
    expect(verifyAccessLog(tamper(chain))).toMatchObject({ ok: false, brokenAt });
  });
});
