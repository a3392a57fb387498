import { isHiddenFromCitizen, isUndtagetForBorgerKode, UNDTAGET_FOR_BORGER } from './visningsklasse';
import type { Virkning } from './virkning/virkning';

const NOW = '2024-06-01T12:00:00Z';
const open: Virkning = { fra: '2024-01-01T00:00:00Z' };
const ended: Virkning = { fra: '2024-01-01T00:00:00Z', til: '2024-05-01T00:00:00Z' };
const future: Virkning = { fra: '2024-07-01T00:00:00Z' };

describe('visningsklasse', () => {
  it.each<[string, Array<{ kode: string; virkning: Virkning }> | undefined, boolean]>([
    ['no visningsklasser', undefined, false],
    ['an empty list', [], false],
    ['undtaget for borger in effect', [{ kode: UNDTAGET_FOR_BORGER, virkning: open }], true],
    ['undtaget for borger that has ended', [{ kode: UNDTAGET_FOR_BORGER, virkning: ended }], false],
    ['undtaget for borger not yet in effect', [{ kode: UNDTAGET_FOR_BORGER, virkning: future }], false],
    ['another class only', [{ kode: 'SAERLIG_VISNING', virkning: open }], false],
    [
      'another class and undtaget for borger',
      [
        { kode: 'SAERLIG_VISNING', virkning: open },
        { kode: UNDTAGET_FOR_BORGER, virkning: open },
      ],
      true,
    ],
    ["the code written as the standard's text", [{ kode: 'Visning undtaget for borger', virkning: open }], true],
  ])('hides the object with %s: %s', (_name, visningsklasser, hidden) => {
    expect(isHiddenFromCitizen(visningsklasser, NOW)).toBe(hidden);
  });

  it.each<[string, boolean]>([
    ['UNDTAGET_FOR_BORGER', true],
    ['undtaget-for-borger', true],
    [' Undtaget for borger ', true],
    ['VISNING_UNDTAGET_FOR_BORGER', true],
    ['UNDTAGET', false],
    ['IKKE_UNDTAGET_FOR_BORGER', false],
  ])('reads %j as undtaget for borger: %s', (kode, expected) => {
    expect(isUndtagetForBorgerKode(kode)).toBe(expected);
  });
});
