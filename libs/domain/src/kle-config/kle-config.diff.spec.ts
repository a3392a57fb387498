import { diffKleConfig, isEmptyDiff } from './kle-config.diff';
import type { KleConfigLine } from './kle-config.types';

const line = (kle: string, overrides: Partial<KleConfigLine> = {}): KleConfigLine => ({
  kle,
  shown: true,
  fraDato: '2020-01-01',
  activeCaseOverride: false,
  titleSource: 'KLE',
  documentTitles: false,
  selfserviceUrl: null,
  borgerdkUrl: null,
  fagsystemFilter: ['a', 'b'],
  contactPoints: [],
  ...overrides,
});

describe('diffKleConfig', () => {
  it('lists added, removed and changed emner with the changed fields', () => {
    const diff = diffKleConfig(
      { lines: [line('32.24.04'), line('15.17.06')] },
      { lines: [line('32.24.04', { fraDato: '2019-01-01', fagsystemFilter: ['b', 'a'] }), line('32.24.12')] },
    );
    expect(diff.added.map((l) => l.kle)).toEqual(['32.24.12']);
    expect(diff.removed.map((l) => l.kle)).toEqual(['15.17.06']);
    expect(diff.changed).toEqual([
      { kle: '32.24.04', changes: [{ field: 'fraDato', from: '2020-01-01', to: '2019-01-01' }] },
    ]);
  });

  it('is empty for equal snapshots (fagsystem order does not matter)', () => {
    expect(
      isEmptyDiff(diffKleConfig({ lines: [line('1')] }, { lines: [line('1', { fagsystemFilter: ['b', 'a'] })] })),
    ).toBe(true);
  });

  it.each([
    ['shown', false],
    ['activeCaseOverride', true],
    ['titleSource', 'SAG'],
    ['documentTitles', true],
    ['selfserviceUrl', 'https://x.dk'],
    ['borgerdkUrl', 'https://borger.dk/x'],
    ['contactPoints', [{ type: 'EMAIL', value: 'a@b.dk', label: null }]],
  ] as const)('reports a change of %s', (field, value) => {
    const diff = diffKleConfig({ lines: [line('1')] }, { lines: [line('1', { [field]: value })] });
    expect(diff.changed[0]!.changes.map((c) => c.field)).toEqual([field]);
  });
});
