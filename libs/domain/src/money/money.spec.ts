import {
  addAmounts,
  amountsEqual,
  compareAmounts,
  formatAmount,
  InvalidAmountError,
  isAmount,
  normalizeAmount,
  parseAmount,
  roundAmount,
  subtractAmounts,
  sumAmounts,
  type Amount,
  type FormatAmountOptions,
} from './money';

describe('money', () => {
  it.each<[string, Amount]>([
    ['0', { units: 0n, scale: 0 }],
    ['1234.50', { units: 123450n, scale: 2 }],
    ['-1234.5', { units: -12345n, scale: 1 }],
    ['007.50', { units: 750n, scale: 2 }],
    ['-0.001', { units: -1n, scale: 3 }],
    ['0.123456789012345678901234567890', { units: 123456789012345678901234567890n, scale: 30 }],
    ['98765432109876543210', { units: 98765432109876543210n, scale: 0 }],
  ])('parses %s exactly', (text, expected) => {
    expect(parseAmount(text)).toEqual(expected);
    expect(isAmount(text)).toBe(true);
  });

  it.each([['1,5'], ['1.'], ['.5'], ['+1'], [' 1'], ['1 '], ['1e3'], ['-'], [''], ['1.2.3'], ['--1'], ['١٢']])(
    'refuses %j',
    (text) => {
      expect(isAmount(text)).toBe(false);
      expect(() => parseAmount(text)).toThrow(InvalidAmountError);
    },
  );

  it.each<[unknown]>([[1234.5], [null], [undefined], [{ units: 1n, scale: 0 }]])(
    'isAmount(%p) is false for a non-string',
    (value) => {
      expect(isAmount(value)).toBe(false);
    },
  );

  it.each<[string, FormatAmountOptions, string]>([
    ['1234.50', {}, '1234.5'],
    ['007.500', {}, '7.5'],
    ['-0.00', {}, '0'],
    ['-0', {}, '0'],
    ['100', {}, '100'],
    ['-12.340', {}, '-12.34'],
    ['1234.5', { decimals: 2 }, '1234.50'],
    ['0.125', { decimals: 2 }, '0.13'],
    ['-0.125', { decimals: 2 }, '-0.13'],
    ['0.124', { decimals: 2 }, '0.12'],
    ['-0.004', { decimals: 2 }, '0.00'],
    ['1234.5', { style: 'da' }, '1.234,50'],
    ['-1234567.891', { style: 'da' }, '-1.234.567,89'],
    ['999.995', { style: 'da' }, '1.000,00'],
    ['0', { style: 'da' }, '0,00'],
    ['12', { style: 'da', decimals: 0 }, '12'],
    ['123456', { style: 'da', decimals: 0 }, '123.456'],
    ['0.5', { style: 'da', decimals: 0 }, '1'],
    ['1000000.0001', { style: 'da', decimals: 4 }, '1.000.000,0001'],
  ])('formats %s with %j as %s', (text, options, expected) => {
    expect(formatAmount(text, options)).toBe(expected);
  });

  it('formats a parsed amount', () => {
    expect(formatAmount({ units: -5n, scale: 3 })).toBe('-0.005');
  });

  it.each<[string, number, Amount]>([
    ['1.005', 2, { units: 101n, scale: 2 }],
    ['1.5', 3, { units: 1500n, scale: 3 }],
    ['-2.5', 0, { units: -3n, scale: 0 }],
  ])('rounds %s to %i decimals', (text, decimals, expected) => {
    expect(roundAmount(text, decimals)).toEqual(expected);
  });

  it('refuses a negative number of decimals', () => {
    expect(() => roundAmount('1', -1)).toThrow('decimals must be a whole number ≥ 0');
  });

  it('normalizes away trailing zeros', () => {
    expect(normalizeAmount('10.500')).toEqual({ units: 105n, scale: 1 });
  });

  it.each<[string[], string]>([
    [['0.1', '0.2'], '0.3'],
    [['1234.50', '-234.5'], '1000'],
    [['-1', '-0.001'], '-1.001'],
    [['99999999999999999999.99', '0.01'], '100000000000000000000'],
    [['0.000000000000000000001', '1'], '1.000000000000000000001'],
    [['12.345'], '12.345'],
  ])('adds %j to %s', (amounts, expected) => {
    const [first, ...rest] = amounts as [string, ...string[]];
    expect(addAmounts(first, ...rest)).toBe(expected);
    expect(sumAmounts(amounts)).toBe(expected);
  });

  it('sums nothing to 0', () => {
    expect(sumAmounts([])).toBe('0');
  });

  it.each<[string, string, string]>([
    ['10', '0.01', '9.99'],
    ['0.3', '0.1', '0.2'],
    ['-5.5', '4.5', '-10'],
    ['1.1', '1.10', '0'],
    ['0', '1234.567', '-1234.567'],
  ])('subtracts %s - %s = %s', (a, b, expected) => {
    expect(subtractAmounts(a, b)).toBe(expected);
  });

  it.each<[string, string, -1 | 0 | 1]>([
    ['1.50', '1.5', 0],
    ['-0', '0.000', 0],
    ['2', '10', -1],
    ['-2', '-10', 1],
    ['0.1', '0.09', 1],
    ['-0.001', '0', -1],
    ['12345678901234567890.1', '12345678901234567890.01', 1],
  ])('compares %s with %s as %i', (a, b, expected) => {
    expect(compareAmounts(a, b)).toBe(expected);
    expect(compareAmounts(b, a)).toBe(-expected || 0);
    expect(amountsEqual(a, b)).toBe(expected === 0);
  });

  it('names the offending text when it refuses an amount', () => {
    expect(() => addAmounts('1', '1,5')).toThrow('not a decimal amount: "1,5"');
  });
});
