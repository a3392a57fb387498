import {
  containsCprLikeNumber,
  detectCprLikeNumbers,
  maskCprLikeNumbers,
  type CprHit,
} from './cpr-like-number.detector';

// Synthetic numbers, built from parts: 1 January 1970 with serial 1234 (modulus 11 fails) or 0011 (holds).
const DATE = '010170';
const NO_MOD11 = '12' + '34';
const MOD11 = '00' + '11';
const HIGH = 'valid date, modulus 11 holds';
const MEDIUM = 'valid date, modulus 11 fails (allowed since 2007)';
const PREFIX = 'Notat vedr. ';

describe('detectCprLikeNumbers', () => {
  it.each<[string, string]>([
    ['no separator', ''],
    ['a space', ' '],
    ['a no-break space', '\u00a0'],
    ['a hyphen', '-'],
    ['a slash', '/'],
    ['a dot', '.'],
    ['spaces around a hyphen', ' - '],
    ['a space before a hyphen', ' -'],
    ['a space after a hyphen', '- '],
    ['two hyphens', '--'],
    ['an en dash', '\u2013'],
    ['spaces around an en dash', ' \u2013 '],
    ['an em dash', '\u2014'],
    ['a minus sign', '\u2212'],
    ['a non-breaking hyphen', '\u2011'],
    ['a thin space', '\u2009'],
    ['a narrow no-break space', '\u202f'],
    ['a tab', '\t'],
    ['a zero-width space', '\u200b'],
    ['a soft hyphen', '\u00ad'],
    ['a full-width hyphen', '\uff0d'],
    ['a slash with spaces', ' / '],
  ])('finds a number written with %s', (_name, separator) => {
    const match = `${DATE}${separator}${NO_MOD11}`;
    expect(detectCprLikeNumbers(`${PREFIX}${match} sendt`)).toEqual<CprHit[]>([
      { start: 12, end: 12 + match.length, match, confidence: 'medium', reason: MEDIUM },
    ]);
  });

  it.each<[string, string, CprHit[]]>([
    [
      'high confidence when modulus 11 holds',
      `${DATE}-${MOD11}`,
      [{ start: 0, end: 11, match: `${DATE}-${MOD11}`, confidence: 'high', reason: HIGH }],
    ],
    [
      'a number in parentheses',
      `(${DATE}${NO_MOD11})`,
      [{ start: 1, end: 11, match: `${DATE}${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ],
    [
      'a number ending a sentence',
      `CPR:${DATE}-${NO_MOD11}.`,
      [{ start: 4, end: 15, match: `${DATE}-${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ],
    [
      'a number glued to letters (the safety net prefers a false alarm)',
      `cpr${DATE}${NO_MOD11}x`,
      [{ start: 3, end: 13, match: `${DATE}${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ],
    [
      'a number from the 1800s',
      `${'290296'}-${'5000'}`,
      [{ start: 0, end: 11, match: `290296-5000`, confidence: 'medium', reason: MEDIUM }],
    ],
    [
      'two numbers',
      `${DATE}-${MOD11} og ${DATE} ${NO_MOD11}`,
      [
        { start: 0, end: 11, match: `${DATE}-${MOD11}`, confidence: 'high', reason: HIGH },
        { start: 15, end: 26, match: `${DATE} ${NO_MOD11}`, confidence: 'medium', reason: MEDIUM },
      ],
    ],
    ...(
      [
        ['the date in groups of two with spaces', '01 01 70-'],
        ['the date in groups with dots', '01.01.70-'],
        ['the date in groups with hyphens', '01-01-70-'],
        ['the date in groups with slashes', '01/01/70-'],
        ['the date in dotted groups and a space', '01.01.70 '],
        ['every part apart', '01 01 70 '],
        ['dotted groups with spaces', '01. 01. 70 - '],
      ] as const
    ).map(([name, head]): [string, string, CprHit[]] => [
      name,
      `${head}${NO_MOD11} sendt`,
      [{ start: 0, end: head.length + 4, match: `${head}${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ]),
    [
      'a number after a CPR label',
      `cpr.nr. ${DATE} ${NO_MOD11}`,
      [{ start: 8, end: 19, match: `${DATE} ${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ],
    [
      'ten digits in any grouping after a CPR label',
      `CPR-nr.: 01 01 70 ${NO_MOD11.slice(0, 2)} ${NO_MOD11.slice(2)}`,
      [
        {
          start: 9,
          end: 23,
          match: `01 01 70 ${NO_MOD11.slice(0, 2)} ${NO_MOD11.slice(2)}`,
          confidence: 'medium',
          reason: MEDIUM,
        },
      ],
    ],
    [
      'ten digits in pairs after "personnummer"',
      `Personnummer 0101-70-${NO_MOD11}`,
      [{ start: 13, end: 25, match: `0101-70-${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ],
    [
      'a number written with a CPR separator after an exempting label',
      `Faktura nr. ${DATE}-${NO_MOD11}`,
      [{ start: 12, end: 23, match: `${DATE}-${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ],
    [
      'a plain number after a label that some systems fill with the CPR number',
      `Kundenr. ${DATE}${NO_MOD11}`,
      [{ start: 9, end: 19, match: `${DATE}${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ],
    [
      'a plain number after an account label',
      `Kontonr. ${DATE}${NO_MOD11}`,
      [{ start: 9, end: 19, match: `${DATE}${NO_MOD11}`, confidence: 'medium', reason: MEDIUM }],
    ],
  ])('finds %s', (_name, text, expected) => {
    expect(detectCprLikeNumbers(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['a phone number with country code', '+45 12 34 56 78'],
    ['a phone number of eight digits', 'Ring 12345678'],
    ['a sagsnummer year-serial', 'Sag 2023-123456'],
    ['a sagsnummer with KLE and facet', 'Sag 27.12.04-G01-3-23'],
    ['an amount with thousands separators', 'Beløb 1.234.567,00 kr'],
    ['a decimal number', '123456.7890'],
    ['a decimal number with a CPR-like date', `${DATE}.${NO_MOD11},50 kr`],
    ['a number after a decimal part', `1.${DATE}-${NO_MOD11}`],
    ['a Danish date', 'Møde 01-02-2023'],
    ['an ISO date', 'Møde 2023-02-01'],
    ['eleven digits', `${DATE}${NO_MOD11}1`],
    ['eleven digits starting elsewhere', '12345678901'],
    ['a digit before the number', `9${DATE}-${NO_MOD11}`],
    ['five digits after the separator', `${DATE}-${NO_MOD11}5`],
    ['three separators', `${DATE}---${NO_MOD11}`],
    ['a letter between date and serial', `${DATE}x${NO_MOD11}`],
    ['a phone number in pairs', 'Ring 20 30 40 50'],
    ['a CVR number', 'CVR 29100001'],
    ['a P-number that reads as a date', 'P-nr. 1012345678'],
    ['a P-number with "P-nummer"', 'P-nummer: 1012345678'],
    ['a plain invoice number that reads as a date', 'Faktura nr. 1012345678'],
    ['an order number that reads as a date', 'Ordrenr. 1012345678'],
    ['a voucher number that reads as a date', 'Bilagsnr. 1012345678'],
    ['an invoice number that is no date', 'Faktura nr. 1234567890'],
    ['a bank account', 'Reg.nr. 1234 kontonr. 0001234567'],
    ['a journal number', 'J.nr. 27.12.04-P20-1-22'],
    ['a Danish date with a four-digit year', 'Brev af 01.02.2023'],
    ['a period of two dates', 'Periode 01.02.23 - 28.02.23'],
    ['a date and a time', 'Møde 01.02.23 kl. 13.00'],
    ['a CPR label with too few digits', `CPR ${DATE}-123`],
    ['a CPR label and a date that does not exist', `CPR 31 04 99 ${NO_MOD11}`],
    ['a date that does not exist', `${'310499'}-${NO_MOD11}`],
    ['29 February 1900', `${'290200'}-${'0000'}`],
    ['an empty text', ''],
  ])('ignores %s', (_name, text) => {
    expect(detectCprLikeNumbers(text)).toEqual([]);
    expect(containsCprLikeNumber(text)).toBe(false);
  });

  it('can be called again on the same text (no regular-expression state leaks)', () => {
    const text = `${DATE}-${NO_MOD11}`;
    expect([detectCprLikeNumbers(text).length, detectCprLikeNumbers(text).length, containsCprLikeNumber(text)]).toEqual(
      [1, 1, true],
    );
  });
});

describe('maskCprLikeNumbers', () => {
  it.each<[string, string]>([
    [`${PREFIX}${DATE}-${NO_MOD11} og ${DATE}${MOD11}.`, `${PREFIX}******-**** og ******-****.`],
    [`${DATE} ${NO_MOD11}`, '******-****'],
    ['Sag 2023-123456 om 1.234.567,00 kr', 'Sag 2023-123456 om 1.234.567,00 kr'],
  ])('masks %j', (text, expected) => {
    expect(maskCprLikeNumbers(text)).toBe(expected);
  });

  it('uses a given mask', () => {
    expect(maskCprLikeNumbers(`se ${DATE}${NO_MOD11}`, '[CPR]')).toBe('se [CPR]');
  });
});
