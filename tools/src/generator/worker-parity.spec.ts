import { DEFAULT_AS_OF, generateCitizen, type GeneratedItem } from './citizen.generator';
import { compareOutcomes, expectedOutcome, type ItemStatus, parityVerdict } from './worker-parity.cli';

/** Items of a few citizens by fagsystem, in the order the check sends them. */
function sentItems(dirtyShare: number, citizens = 6): Map<string, GeneratedItem[]> {
  const sent = new Map<string, GeneratedItem[]>();
  for (let i = 0; i < citizens; i++) {
    for (const g of generateCitizen(i, { seed: 5, dirtyShare, asOf: DEFAULT_AS_OF }).items) {
      sent.set(g.fagsystem, [...(sent.get(g.fagsystem) ?? []), g]);
    }
  }
  return sent;
}

/** The statuses a platform that does exactly what the generator planned reports. */
function asPlanned(sent: Map<string, GeneratedItem[]>): Map<string, ItemStatus[]> {
  return new Map(
    [...sent].map(([fs, items]) => [
      fs,
      items.map((g, seq): ItemStatus => {
        const [state, rule] = expectedOutcome(g).split(' ');
        return { seq, state: state as ItemStatus['state'], rule: rule ?? null };
      }),
    ]),
  );
}

const SAME = { same: 6, differ: 0 };

describe('parity check', () => {
  it('passes when every item has its planned outcome, dirt included', () => {
    const sent = sentItems(0.3);
    expect([...sent.values()].flat().some((g) => g.dirty?.outcome === 'rejected')).toBe(true);
    const verdict = parityVerdict(compareOutcomes(sent, asPlanned(sent)), SAME);
    expect(verdict).toEqual({ ok: true, exitCode: 0, reasons: [] });
  });

  it('fails with a summary when a clean case is rejected KLE-UNKNOWN, even if every read model is the same', () => {
    const sent = sentItems(0);
    const outcomes = asPlanned(sent);
    const [fagsystem, statuses] = [...outcomes].find(([, s]) => s.length > 0) ?? ['', []];
    const victim = (sent.get(fagsystem) ?? [])[0];
    statuses[0] = { seq: 0, state: 'rejected', rule: 'KLE-UNKNOWN' };

    const comparison = compareOutcomes(sent, outcomes);
    expect(comparison.unexpected).toEqual([
      {
        fagsystem,
        seq: 0,
        objectType: victim?.item.object.objectType,
        uuid: victim?.item.object.uuid,
        expected: 'applied',
        actual: 'rejected KLE-UNKNOWN',
      },
    ]);
    expect(comparison.table['applied → rejected KLE-UNKNOWN']).toBe(1);
    expect(parityVerdict(comparison, SAME)).toEqual({
      ok: false,
      exitCode: 1,
      reasons: ['1 items had an outcome the generator did not plan: 1 × applied → rejected KLE-UNKNOWN'],
    });
  });

  it.each([
    [
      'a payment rejected for an unknown grant',
      { state: 'rejected', rule: 'EFFEKTUERING-UNKNOWN-BEVILLING' },
      'applied → rejected EFFEKTUERING-UNKNOWN-BEVILLING',
    ],
    ['a clean item held by the safety net', { state: 'held', rule: 'SAFETY-CPR' }, 'applied → held SAFETY-CPR'],
    ['an item still pending', { state: 'pending', rule: null }, 'applied → pending'],
  ] as const)('fails on %s', (_, status, kind) => {
    const sent = sentItems(0);
    const outcomes = asPlanned(sent);
    const statuses = [...outcomes.values()][0] ?? [];
    statuses[1] = { seq: 1, ...status };
    const verdict = parityVerdict(compareOutcomes(sent, outcomes), SAME);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.reasons).toEqual([`1 items had an outcome the generator did not plan: 1 × ${kind}`]);
  });

  it('fails when the platform reports no status for an item it was sent', () => {
    const sent = sentItems(0);
    const outcomes = asPlanned(sent);
    const [fagsystem, statuses] = [...outcomes][0] ?? ['', []];
    outcomes.set(fagsystem, statuses.slice(0, -1));
    const comparison = compareOutcomes(sent, outcomes);
    expect(comparison.unexpected.map((u) => u.actual)).toEqual(['missing']);
    expect(parityVerdict(comparison, SAME).exitCode).toBe(1);
  });

  it('fails when a read model differs although every item had its planned outcome', () => {
    const sent = sentItems(0);
    expect(parityVerdict(compareOutcomes(sent, asPlanned(sent)), { same: 5, differ: 1 })).toEqual({
      ok: false,
      exitCode: 1,
      reasons: ['1 read models differ from the expected projection'],
    });
  });
});
