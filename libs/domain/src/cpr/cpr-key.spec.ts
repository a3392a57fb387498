import { parseCpr, type Cpr } from './cpr';
import { cprKey } from './cpr-key';

const digits = '010170' + '0011';
const KEY = '775ce60c607f00e516b0ee41d0442640bfc81734902e168c406d8c03327319b9';

function parsed(input: string): Cpr {
  const r = parseCpr(input);
  if (!r.ok) throw new Error('test number must be valid');
  return r.cpr;
}

describe('cprKey', () => {
  it.each<[string, string | Cpr, string | Buffer]>([
    ['ten digits', digits, 'test-secret'],
    ['a hyphenated number', `${digits.slice(0, 6)}-${digits.slice(6)}`, 'test-secret'],
    ['a parsed CPR', parsed(digits), 'test-secret'],
    ['a Buffer secret', digits, Buffer.from('test-secret')],
  ])('is the HMAC-SHA256 hex of the digits for %s', (_name, input, secret) => {
    expect(cprKey(input, secret)).toBe(KEY);
  });

  it('differs with another secret', () => {
    expect(cprKey(digits, 'other-secret')).not.toBe(KEY);
  });

  it.each([['not a number'], ['01017'], ['']])('refuses %j', (input) => {
    expect(() => cprKey(input, 'test-secret')).toThrow('not a valid CPR number (format)');
  });

  it('refuses an empty secret', () => {
    expect(() => cprKey(digits, '')).toThrow('the CPR hash key must not be empty');
  });
});
