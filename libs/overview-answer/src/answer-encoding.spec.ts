import { answerEncoding } from './answer-encoding';

describe('answerEncoding', () => {
  it.each([
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'gzip'],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', 'gzip'],
    ['GZip', 'gzip'],
    ['*', 'gzip'],
    ['identity', 'identity'],
    ['deflate, br', 'identity'],
    ['gzip;q=0', 'identity'],
    ['gzip;q=0.5, identity;q=0.9', 'identity'],
    ['', 'identity'],
  ])('%j gives %s', (header, expected) => {
    expect(answerEncoding(header)).toBe(expected);
  });

  it('sends the bytes as they are to a client that names no encoding', () => {
    expect(answerEncoding(undefined)).toBe('identity');
  });

  it('still answers after more distinct headers than it remembers', () => {
    for (let i = 0; i < 1_000; i++) answerEncoding(`x-${i}, gzip;q=0.${(i % 9) + 1}`);
    expect(answerEncoding('gzip')).toBe('gzip');
    expect(answerEncoding('x-1')).toBe('identity');
  });
});
