import type { ReadKind, StoredOverview } from '@overblik/persistence';
import { MAX_SHARED_READ, type OverviewReadStatements, ReadLanes } from './read-lanes';

/** What a citizen's read gives: the key, kind and day it was read with, so a mix-up shows. */
const rowOf = (key: string, kind: ReadKind, today: string): StoredOverview => ({
  configVersion: '7',
  revision: '1',
  body: null,
  answer: {
    compressed: { deflate: Buffer.from(`${key}|${kind}|${today}`), crc32: 0, length: 0 },
    municipalities: [],
    recordIds: [],
    etag: key,
  },
});

/**
 * Statements that answer only when the test lets them (`release`), and record what each read. A
 * statement nobody released never resolves; `fail` makes the next one fail.
 */
function heldStatements() {
  const statements: Array<[ReadKind, string, number]> = [];
  const held: Array<() => void> = [];
  let failNext = false;
  const source: OverviewReadStatements = {
    readStatement(keys, kind, today) {
      statements.push([kind, today, keys.length]);
      const failing = failNext;
      failNext = false;
      return new Promise((resolve, reject) =>
        held.push(() =>
          failing
            ? reject(new Error('connection reset'))
            : resolve(new Map(keys.map((k) => [k, rowOf(k, kind, today)]))),
        ),
      );
    },
  };
  /** Let every statement under way answer, until none is left (the next ones start as lanes free). */
  const releaseAll = async (): Promise<void> => {
    while (held.length) {
      held.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { source, statements, releaseAll, failNextStatement: () => (failNext = true) };
}

const key = (i: number): string => `citizen-${i}`;

describe('ReadLanes', () => {
  it('without lanes, runs every read as its own statement at once', async () => {
    const { source, statements, releaseAll } = heldStatements();
    const lanes = new ReadLanes(source);
    const reads = Promise.all([1, 2, 3].map((i) => lanes.read(key(i), '2026-11-26')));
    expect(statements).toEqual([
      ['answer', '2026-11-26', 1],
      ['answer', '2026-11-26', 1],
      ['answer', '2026-11-26', 1],
    ]);
    await releaseAll();
    expect(await reads).toEqual([1, 2, 3].map((i) => rowOf(key(i), 'answer', '2026-11-26')));
  });

  it('with one lane, the reads that arrive while it is busy share the next statement, and each gets its own row', async () => {
    const { source, statements, releaseAll } = heldStatements();
    const told: number[] = [];
    const lanes = new ReadLanes(source, { lanes: 1, onStatement: (n) => told.push(n) });
    const asked = [1, 2, 3, 4, 5, 6, 7, 2];
    const reads = Promise.all(asked.map((i) => lanes.read(key(i), '2026-11-26')));
    await releaseAll();
    // the first goes at once, alone; the other seven (citizen 2 twice) wait and go together
    expect(statements).toEqual([
      ['answer', '2026-11-26', 1],
      ['answer', '2026-11-26', 6],
    ]);
    expect(told).toEqual([1, 6]);
    expect(await reads).toEqual(asked.map((i) => rowOf(key(i), 'answer', '2026-11-26')));
  });

  it('shares a statement only between reads of the same day and kind, and reads at most 64 citizens in one', async () => {
    const { source, statements, releaseAll } = heldStatements();
    const lanes = new ReadLanes(source, { lanes: 1 });
    const many = Array.from({ length: MAX_SHARED_READ + 2 }, (_, i) => 100 + i);
    const reads = Promise.all([
      lanes.read(key(1), '2026-11-26'),
      lanes.read(key(2), '2026-12-24'),
      lanes.read(key(3), '2026-11-26', false),
      lanes.read(key(4), '2026-12-24'),
      ...many.map((i) => lanes.read(key(i), '2026-11-26')),
    ]);
    await releaseAll();
    expect(statements).toEqual([
      ['answer', '2026-11-26', 1],
      ['answer', '2026-12-24', 2], // the other day, first to wait
      ['model', '2026-11-26', 1],
      ['answer', '2026-11-26', MAX_SHARED_READ],
      ['answer', '2026-11-26', 2],
    ]);
    const result = await reads;
    expect(result[1]).toEqual(rowOf(key(2), 'answer', '2026-12-24'));
    expect(result[2]).toEqual(rowOf(key(3), 'model', '2026-11-26'));
    expect(result.slice(4)).toEqual(many.map((i) => rowOf(key(i), 'answer', '2026-11-26')));
  });

  it('a failed shared statement fails its own reads only, and frees its lane', async () => {
    const { source, releaseAll, failNextStatement } = heldStatements();
    const lanes = new ReadLanes(source, { lanes: 1 });
    const first = lanes.read(key(1), '2026-11-26');
    failNextStatement();
    const shared = [2, 3].map((i) => lanes.read(key(i), '2026-11-26'));
    const outcomes = Promise.allSettled([first, ...shared]);
    await releaseAll();
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    const after = Promise.all([5, 6].map((i) => lanes.read(key(i), '2026-11-26')));
    await releaseAll();
    expect(await after).toEqual([5, 6].map((i) => rowOf(key(i), 'answer', '2026-11-26')));
  });
});
