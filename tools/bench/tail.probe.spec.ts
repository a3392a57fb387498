import { episodes, gcPauses, growthBetween } from './tail.probe';

describe('tail probe', () => {
  it('reads GC pauses from --trace-gc lines by kind', () => {
    const out = [
      '[123:0x5f]     8012 ms: Scavenge 40.1 (52.3) -> 30.2 (52.3) MB, 1.23 / 0.00 ms  (average mu = 0.99, current mu = 0.98) allocation failure;',
      '{"level":40,"msg":"not a gc line"}',
      '[123:0x5f]     9020 ms: Mark-Compact 120.5 (140.0) -> 80.1 (139.0) MB, 14.75 / 0.10 ms  (+ 3.2 ms in 40 steps since start of marking) finalize incremental marking;',
    ].join('\n');
    expect(gcPauses(out)).toEqual([
      { kind: 'Scavenge', ms: 1.23 },
      { kind: 'Mark-Compact', ms: 14.75 },
    ]);
  });

  it('groups slow calls due close together into one stall', () => {
    const samples: Array<[number, number]> = [
      [0, 3],
      [1, 25],
      [2, 30],
      [3, 22],
      [4, 2], // one stall of three calls (the fast call in it does not split it)
      [50, 40], // another, 46 ms later
      [51, 5],
    ];
    expect(episodes(samples, 20)).toEqual([
      { at: 1, calls: 3, worstMs: 30 },
      { at: 50, calls: 1, worstMs: 40 },
    ]);
  });

  it('measures how much a sampled counter grew in a window', () => {
    const steal: Array<[number, number]> = [
      [0, 100],
      [10, 100],
      [20, 130],
      [30, 150],
      [40, 150],
    ];
    expect(growthBetween(steal, 5, 25)).toBe(30); // 100 at 5 (the sample at 0), 130 at 25 (the sample at 20)
    expect(growthBetween(steal, 0, 40)).toBe(50);
    expect(growthBetween(steal, -50, 15)).toBe(0); // before the first sample: its value
    expect(growthBetween([], 0, 10)).toBe(0);
  });
});
