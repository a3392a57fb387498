import { jsonbSafe } from './jsonb-safe';

describe('jsonbSafe', () => {
  it.each([
    ['a NUL character', 'a\u0000b', 'a\uFFFDb'],
    ['a lone high surrogate', 'x\uD800y', 'x\uFFFDy'],
    ['a lone low surrogate', '\uDC00', '\uFFFD'],
    ['a surrogate pair (kept)', '\uD83D\uDE00', '\uD83D\uDE00'],
    ['plain text (kept)', 'Sygedagpenge ø', 'Sygedagpenge ø'],
  ])('replaces what jsonb refuses: %s', (_name, input, expected) => {
    expect(jsonbSafe(input)).toBe(expected);
  });

  it('cleans strings and keys at any depth and keeps other values', () => {
    expect(jsonbSafe({ 'k\u0000': [1, null, true, { t: '\uD800' }] })).toEqual({
      'k\uFFFD': [1, null, true, { t: '\uFFFD' }],
    });
  });
});
