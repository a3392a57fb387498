import { unsafeTextRule, unsafeTextsIn } from './delivered-text.check';

describe('unsafeTextRule', () => {
  it.each([
    ['a plain text', 'Sygedagpenge', undefined],
    ['Danish letters', 'Ældre sag på Østergade', undefined],
    ['a surrogate pair (an emoji)', 'ok \uD83D\uDE00', undefined],
    ['a NUL character', 'a\u0000b', 'SCHEMA-NUL-CHARACTER'],
    ['a lone high surrogate at the end', 'abc\uD83D', 'SCHEMA-LONE-SURROGATE'],
    ['a lone high surrogate before a letter', '\uD83Dx', 'SCHEMA-LONE-SURROGATE'],
    ['a lone low surrogate', '\uDE00abc', 'SCHEMA-LONE-SURROGATE'],
    ['two high surrogates', '\uD83D\uD83D\uDE00', 'SCHEMA-LONE-SURROGATE'],
    ['a NUL and a lone surrogate (NUL first)', '\uD800\u0000', 'SCHEMA-NUL-CHARACTER'],
  ])('judges %s', (_name, text, rule) => {
    expect(unsafeTextRule(text)).toBe(rule);
  });
});

describe('unsafeTextsIn', () => {
  it('reports every unsafe text in document order with its path', () => {
    const value = { a: ['ok', 'x\u0000'], b: { c: '\uDC00' }, d: 1, e: null };
    expect(unsafeTextsIn(value).map((u) => [u.rule, u.path])).toEqual([
      ['SCHEMA-NUL-CHARACTER', ['a', 1]],
      ['SCHEMA-LONE-SURROGATE', ['b', 'c']],
    ]);
  });

  it('reports an unsafe field name on the object that holds it, once', () => {
    expect(unsafeTextsIn({ o: { 'k\u0000': 'v\u0000', 'j\u0000': 1 } }).map((u) => [u.rule, u.path])).toEqual([
      ['SCHEMA-NUL-CHARACTER', ['o']],
    ]);
  });

  it('walks a value nested far deeper than the call stack allows', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const [found] = unsafeTextsIn(deep);
    expect([found?.rule, found?.path.length]).toEqual(['SCHEMA-NUL-CHARACTER', 200_000]);
  });

  it('stops at the limit', () => {
    expect(
      unsafeTextsIn(
        Array.from({ length: 500 }, () => '\u0000'),
        100,
      ),
    ).toHaveLength(100);
  });

  it('finds nothing in safe values', () => {
    expect(unsafeTextsIn({ a: ['b', 1, true, null, { c: 'ø' }] })).toEqual([]);
  });
});
