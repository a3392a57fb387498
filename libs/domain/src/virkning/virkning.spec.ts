import {
  closeVirkning,
  findOverlappingVirkninger,
  hasValidPeriod,
  isInEffect,
  isOpenVirkning,
  toEpochMillis,
  virkningerOverlap,
  type Virkning,
} from './virkning';

const JAN = '2024-01-01T00:00:00Z';
const FEB = '2024-02-01T00:00:00Z';
const MAR = '2024-03-01T00:00:00Z';
const open = (fra: string): Virkning => ({ fra });
const closed = (fra: string, til: string): Virkning => ({ fra, til });

describe('virkning', () => {
  it.each<[string, Virkning, string, boolean]>([
    ['includes the start moment', closed(JAN, FEB), JAN, true],
    ['excludes the end moment', closed(JAN, FEB), FEB, false],
    ['excludes a moment before the start', closed(JAN, FEB), '2023-12-31T23:59:59Z', false],
    ['includes any later moment of an open period', open(JAN), '2099-01-01T00:00:00Z', true],
    ['treats til null as open', { fra: JAN, til: null }, MAR, true],
    ['compares instants across time zones', closed('2024-01-01T01:00:00+01:00', FEB), JAN, true],
  ])('isInEffect %s', (_name, v, at, expected) => {
    expect(isInEffect(v, at)).toBe(expected);
  });

  it('accepts a Date as the moment', () => {
    expect(isInEffect(closed(JAN, FEB), new Date('2024-01-15T00:00:00Z'))).toBe(true);
  });

  it('refuses text that is no date-time', () => {
    expect(() => toEpochMillis('not a date')).toThrow(RangeError);
  });

  it.each<[Virkning, boolean]>([
    [open(JAN), true],
    [{ fra: JAN, til: null }, true],
    [closed(JAN, FEB), false],
  ])('isOpenVirkning(%j) is %s', (v, expected) => {
    expect(isOpenVirkning(v)).toBe(expected);
  });

  it.each<[Virkning, boolean]>([
    [open(JAN), true],
    [closed(JAN, FEB), true],
    [closed(JAN, JAN), true],
    [closed(FEB, JAN), false],
  ])('hasValidPeriod(%j) is %s', (v, expected) => {
    expect(hasValidPeriod(v)).toBe(expected);
  });

  it('closes an open virkning without changing the original', () => {
    const v: Virkning = { fra: JAN, aktoerType: 'ItSystem', aktoerRef: 'fs-opus' };
    expect(closeVirkning(v, FEB)).toEqual({ fra: JAN, til: FEB, aktoerType: 'ItSystem', aktoerRef: 'fs-opus' });
    expect(v).toEqual({ fra: JAN, aktoerType: 'ItSystem', aktoerRef: 'fs-opus' });
  });

  it('closes with a Date as an ISO string', () => {
    expect(closeVirkning(open(JAN), new Date(FEB))).toEqual({ fra: JAN, til: '2024-02-01T00:00:00.000Z' });
  });

  it('refuses to close a virkning before it starts', () => {
    expect(() => closeVirkning(open(FEB), JAN)).toThrow('a virkning cannot end before it starts');
  });

  it.each<[string, Virkning, Virkning, boolean]>([
    ['adjacent periods do not overlap', closed(JAN, FEB), closed(FEB, MAR), false],
    ['nested periods overlap', closed(JAN, MAR), closed(FEB, MAR), true],
    ['an open period overlaps a later one', open(JAN), closed(FEB, MAR), true],
    ['two open periods overlap', open(JAN), open(MAR), true],
    ['an empty period overlaps nothing', closed(FEB, FEB), closed(JAN, MAR), false],
    ['disjoint periods do not overlap', closed(JAN, FEB), open(MAR), false],
  ])('virkningerOverlap: %s', (_name, a, b, expected) => {
    expect(virkningerOverlap(a, b)).toBe(expected);
    expect(virkningerOverlap(b, a)).toBe(expected);
  });

  it('finds every overlapping pair', () => {
    expect(findOverlappingVirkninger([closed(JAN, FEB), closed(FEB, MAR), open(JAN), open(MAR)])).toEqual([
      [0, 2],
      [1, 2],
      [2, 3],
    ]);
  });
});
