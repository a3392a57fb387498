import {
  cprCentury,
  formatCpr,
  hasModulus11,
  InvalidCprError,
  isValidCpr,
  parseCpr,
  toCpr,
  type CprCentury,
} from './cpr';

// Test numbers are built from a date part and an obviously synthetic serial part, never written whole.
const cpr = (ddmmyy: string, serial: string, separator = ''): string => `${ddmmyy}${separator}${serial}`;
/** 1 January 1970; with serial 0011 the weighted sum is 55, so modulus 11 holds. */
const JAN_1970 = '010170';
const MOD11_SERIAL = '00' + '11';
const NO_MOD11_SERIAL = '12' + '34';

describe('parseCpr', () => {
  it.each<[number, string, number, CprCentury]>([
    [0, '00', 1900, 1900],
    [0, '99', 1999, 1900],
    [1, '00', 1900, 1900],
    [1, '99', 1999, 1900],
    [2, '00', 1900, 1900],
    [2, '99', 1999, 1900],
    [3, '00', 1900, 1900],
    [3, '99', 1999, 1900],
    [4, '00', 2000, 2000],
    [4, '36', 2036, 2000],
    [4, '37', 1937, 1900],
    [4, '99', 1999, 1900],
    [5, '00', 2000, 2000],
    [5, '57', 2057, 2000],
    [5, '58', 1858, 1800],
    [5, '99', 1899, 1800],
    [6, '00', 2000, 2000],
    [6, '57', 2057, 2000],
    [6, '58', 1858, 1800],
    [6, '99', 1899, 1800],
    [7, '00', 2000, 2000],
    [7, '57', 2057, 2000],
    [7, '58', 1858, 1800],
    [7, '99', 1899, 1800],
    [8, '00', 2000, 2000],
    [8, '57', 2057, 2000],
    [8, '58', 1858, 1800],
    [8, '99', 1899, 1800],
    [9, '00', 2000, 2000],
    [9, '36', 2036, 2000],
    [9, '37', 1937, 1900],
    [9, '99', 1999, 1900],
  ])('puts 7th digit %i with year %s in %i', (digit, yy, year, century) => {
    const result = parseCpr(cpr(`0203${yy}`, `${digit}000`));
    expect(result).toEqual({ ok: true, cpr: expect.objectContaining({ birthDate: `${year}-03-02`, century }) });
    expect(cprCentury(Number(yy), digit)).toBe(century);
  });

  it.each<[string, string, boolean]>([
    ['holds', MOD11_SERIAL, true],
    ['fails', NO_MOD11_SERIAL, false],
  ])('accepts a number whose modulus 11 %s and reports it', (_name, serial, modulus11) => {
    expect(parseCpr(cpr(JAN_1970, serial))).toEqual({
      ok: true,
      cpr: { digits: cpr(JAN_1970, serial), birthDate: '1970-01-01', century: 1900, modulus11 },
    });
  });

  it.each<[string, string]>([
    ['without hyphen', cpr(JAN_1970, MOD11_SERIAL)],
    ['with hyphen', cpr(JAN_1970, MOD11_SERIAL, '-')],
  ])('reads a number %s to the same ten digits', (_name, input) => {
    expect(parseCpr(input)).toEqual({
      ok: true,
      cpr: expect.objectContaining({ digits: cpr(JAN_1970, MOD11_SERIAL) }),
    });
  });

  it.each<[string, string, string]>([
    ['29 February 2000 (leap, 7th digit 4)', cpr('290200', '4000'), '2000-02-29'],
    ['29 February 2000 (leap, 7th digit 5)', cpr('290200', '5000'), '2000-02-29'],
    ['29 February 1904 (leap)', cpr('290204', '0000'), '1904-02-29'],
    ['29 February 1896 (leap, 7th digit 5)', cpr('290296', '5000'), '1896-02-29'],
    ['31 December 1999', cpr('311299', '0000'), '1999-12-31'],
    ['30 April 1999', cpr('300499', '0000'), '1999-04-30'],
  ])('accepts the existing date %s', (_name, input, birthDate) => {
    expect(parseCpr(input)).toEqual({ ok: true, cpr: expect.objectContaining({ birthDate }) });
  });

  it.each<[string, string]>([
    ['31 April', cpr('310499', '0000')],
    ['29 February 2001', cpr('290201', '4000')],
    ['29 February 1901', cpr('290201', '0000')],
    ['29 February 1900 (not a leap year)', cpr('290200', '0000')],
    ['29 February 1900 (7th digit 3)', cpr('290200', '3000')],
    ['30 February', cpr('300204', '0000')],
    ['day 0', cpr('000170', '0000')],
    ['day 32', cpr('320170', '0000')],
    ['month 0', cpr('010070', '0000')],
    ['month 13', cpr('011370', '0000')],
  ])('refuses the non-existent date %s', (_name, input) => {
    expect(parseCpr(input)).toEqual({ ok: false, reason: 'date' });
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['nine digits', cpr(JAN_1970, '123')],
    ['eleven digits', cpr(JAN_1970, '12345')],
    ['hyphen in the wrong place', cpr('01017', '01234', '-')],
    ['two hyphens', cpr(JAN_1970, NO_MOD11_SERIAL, '--')],
    ['a space separator', cpr(JAN_1970, NO_MOD11_SERIAL, ' ')],
    ['a slash separator', cpr(JAN_1970, NO_MOD11_SERIAL, '/')],
    ['a trailing space', `${cpr(JAN_1970, NO_MOD11_SERIAL)} `],
    ['a letter', cpr(JAN_1970, '12a4')],
    ['letters only', 'abcdefghij'],
    ['full-width digits', '０１０１７０１２３４'],
  ])('refuses the format: %s', (_name, input) => {
    expect(parseCpr(input)).toEqual({ ok: false, reason: 'format' });
  });
});

describe('CPR helpers', () => {
  it.each<[string, boolean]>([
    [cpr(JAN_1970, MOD11_SERIAL), true],
    [cpr(JAN_1970, NO_MOD11_SERIAL), false],
    ['123', false],
  ])('hasModulus11(%s) is %s', (digits, expected) => {
    expect(hasModulus11(digits)).toBe(expected);
  });

  it.each<[string, boolean]>([
    [cpr(JAN_1970, NO_MOD11_SERIAL), true],
    [cpr(JAN_1970, NO_MOD11_SERIAL, '-'), true],
    [cpr('310499', '0000'), false],
    ['0101', false],
  ])('isValidCpr(%s) is %s', (input, expected) => {
    expect(isValidCpr(input)).toBe(expected);
  });

  it.each<[string, boolean | undefined, string]>([
    [cpr(JAN_1970, MOD11_SERIAL), undefined, cpr(JAN_1970, MOD11_SERIAL, '-')],
    [cpr(JAN_1970, MOD11_SERIAL), true, cpr(JAN_1970, MOD11_SERIAL, '-')],
    [cpr(JAN_1970, MOD11_SERIAL, '-'), false, cpr(JAN_1970, MOD11_SERIAL)],
  ])('formats %s with separator %s as %s', (input, separator, expected) => {
    expect(formatCpr(input, { separator })).toBe(expected);
    expect(formatCpr(toCpr(input), { separator })).toBe(expected);
  });

  it('refuses to format an invalid number without repeating it', () => {
    const input = cpr('310499', '0000');
    expect(() => formatCpr(input)).toThrow(new InvalidCprError('date'));
    expect(() => formatCpr(input)).not.toThrow(/310499/);
  });
});
