import { cprUrn, cvrUrn, isPartyUrn, parsePartyUrn, type PartyUrn } from './party-urn';
import { parseCpr } from './cpr';

const digits = '010170' + '1234';
const parsedCpr = (input: string) => {
  const r = parseCpr(input);
  if (!r.ok) throw new Error('test number must be valid');
  return r.cpr;
};

describe('party URNs', () => {
  it.each<[string, PartyUrn | undefined]>([
    [`urn:oio:cpr-nr:${digits}`, { kind: 'cpr', value: digits, cpr: parsedCpr(digits) }],
    ['urn:oio:cvr-nr:12345678', { kind: 'cvr', value: '12345678' }],
    ['urn:oio:pnr:1000000001', { kind: 'pnr', value: '1000000001' }],
    [`urn:oio:cpr-nr:${'310499'}${'0000'}`, undefined],
    [`urn:oio:cpr-nr:${digits.slice(0, 6)}-${digits.slice(6)}`, undefined],
    ['urn:oio:cvr-nr:1234567', undefined],
    ['urn:oio:pnr:123456789', undefined],
    [`URN:OIO:CPR-NR:${digits}`, undefined],
    [`urn:oio:cpr-nr:${digits} `, undefined],
    ['urn:oio:sagsbehandler:abc', undefined],
    ['', undefined],
  ])('parses %j', (urn, expected) => {
    expect(parsePartyUrn(urn)).toEqual(expected);
    expect(isPartyUrn(urn)).toBe(expected !== undefined);
  });

  it.each<[string, string]>([
    [digits, `urn:oio:cpr-nr:${digits}`],
    [`${digits.slice(0, 6)}-${digits.slice(6)}`, `urn:oio:cpr-nr:${digits}`],
  ])('builds the CPR URN of %s', (input, expected) => {
    expect(cprUrn(input)).toBe(expected);
    expect(cprUrn(parsedCpr(input))).toBe(expected);
  });

  it('refuses to build a CPR URN from an invalid number', () => {
    expect(() => cprUrn('123')).toThrow('not a valid CPR number (format)');
  });

  it('builds the CVR URN of eight digits', () => {
    expect(cvrUrn('12345678')).toBe('urn:oio:cvr-nr:12345678');
  });

  it('refuses a CVR number of seven digits', () => {
    expect(() => cvrUrn('1234567')).toThrow('a CVR number has eight digits');
  });
});
