import {
  BENCH_CPR_HASH_KEY,
  type BenchDataset,
  datasetAfterTopUp,
  inIndexShare,
  indexShareCitizens,
  parse,
} from './bulk-load.cli';
import { DEFAULT_AS_OF } from './citizen.generator';

const URL = 'postgres://postgres@127.0.0.1:5432/bench_x';
const args = (...rest: string[]): string[] => ['--database-url', URL, ...rest];

describe('index share', () => {
  it('a top-up from the earlier share to the new one covers exactly what one load with the new share covers', () => {
    for (let i = 0; i < 3000; i++) {
      expect(inIndexShare(i, 0.1) || inIndexShare(i, 1, 0.1)).toBe(inIndexShare(i, 1));
      expect(inIndexShare(i, 0.1) && inIndexShare(i, 1, 0.1)).toBe(false);
    }
  });

  it('lists the citizens of [from, share) of each thousand, in order, up to the population', () => {
    expect([...indexShareCitizens(2050, 0.003, 0.001)]).toEqual([1, 2, 1001, 1002, 2001, 2002]);
    expect([...indexShareCitizens(1002, 1, 0.999)]).toEqual([999]);
    expect([...indexShareCitizens(3000, 1, 0.1)]).toHaveLength(2700);
    expect([...indexShareCitizens(3000, 1, 0.1)].every((i) => inIndexShare(i, 1, 0.1))).toBe(true);
  });
});

describe('bulk-load arguments', () => {
  it('a load has no top-up range', () => {
    expect(parse(args('--index-share', '0.1'), {})).toMatchObject({
      indexShare: 0.1,
      indexOnly: false,
      indexShareFrom: 0,
      secret: BENCH_CPR_HASH_KEY,
    });
  });

  it('a top-up runs from --index-share-from to --index-share (default 1)', () => {
    expect(parse(args('--index-only', '--index-share-from', '0.1'), {})).toMatchObject({
      indexOnly: true,
      indexShareFrom: 0.1,
      indexShare: 1,
      recreate: false,
    });
  });

  it('refuses a top-up that would drop the database, has no range, or an empty one', () => {
    expect(() => parse(args('--index-only', '--index-share-from', '0.1', '--recreate'), {})).toThrow(/--recreate/);
    expect(() => parse(args('--index-only'), {})).toThrow(/--index-share-from/);
    expect(() => parse(args('--index-only', '--index-share-from', '0.5', '--index-share', '0.5'), {})).toThrow(/below/);
    expect(() => parse(args('--index-share-from', '0.1'), {})).toThrow(/--index-only/);
  });
});

describe('the benchmark dataset record after a top-up', () => {
  const record: BenchDataset = {
    database: 'bench_x',
    seed: 42,
    citizens: 3000,
    asOf: DEFAULT_AS_OF,
    dirty: 0,
    indexShare: 0.1,
    loadedAt: '2026-11-26T00:18:00.000Z',
  };
  const topUp = {
    seed: 42,
    citizens: 3000,
    asOf: DEFAULT_AS_OF,
    dirty: 0,
    indexShare: 1,
    indexShareFrom: 0.1,
    secret: BENCH_CPR_HASH_KEY,
  };

  it('raises indexShare to the new total when it names the topped-up database', () => {
    expect(datasetAfterTopUp(record, 'bench_x', topUp)).toEqual({ ...record, indexShare: 1 });
    expect(
      datasetAfterTopUp({ ...record, indexShare: 0.5 }, 'bench_x', { ...topUp, indexShareFrom: 0.5, indexShare: 0.75 })
        ?.indexShare,
    ).toBe(0.75);
  });

  it('leaves a record of another database alone, and a missing one missing', () => {
    expect(datasetAfterTopUp(record, 'bench_y', topUp)).toBeUndefined();
    expect(datasetAfterTopUp(undefined, 'bench_x', topUp)).toBeUndefined();
  });

  it('refuses a top-up of another load, or one that does not start where the loaded share ends', () => {
    expect(() => datasetAfterTopUp(record, 'bench_x', { ...topUp, seed: 43 })).toThrow(/--seed 42/);
    expect(() => datasetAfterTopUp(record, 'bench_x', { ...topUp, dirty: 0.05 })).toThrow(/--dirty 0/);
    expect(() => datasetAfterTopUp(record, 'bench_x', { ...topUp, citizens: 1000 })).toThrow(/--citizens 3000/);
    expect(() => datasetAfterTopUp(record, 'bench_x', { ...topUp, indexShareFrom: 0.2 })).toThrow(
      /--index-share-from 0.1/,
    );
  });
});
