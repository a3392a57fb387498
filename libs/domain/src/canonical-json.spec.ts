import { canonicalHash, canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it.each([
    ['keys in another order', { b: 1, a: { d: [1, 2], c: 'x' } }, { a: { c: 'x', d: [1, 2] }, b: 1 }],
    ['nested objects in arrays', [{ y: 1, x: 2 }], [{ x: 2, y: 1 }]],
  ])('gives the same text for %s', (_name, left, right) => {
    expect(canonicalJson(left)).toBe(canonicalJson(right));
    expect(canonicalHash(left)).toBe(canonicalHash(right));
  });

  it.each([
    ['another value', { a: 1 }, { a: 2 }],
    ['arrays in another order', [1, 2], [2, 1]],
    ['a string and a number', { a: '1' }, { a: 1 }],
  ])('tells apart %s', (_name, left, right) => {
    expect(canonicalHash(left)).not.toBe(canonicalHash(right));
  });

  it('writes sorted keys and escapes like JSON.stringify', () => {
    expect(canonicalJson({ z: 'a"b', a: [null, true, 1.5] })).toBe('{"a":[null,true,1.5],"z":"a\\"b"}');
  });
});
