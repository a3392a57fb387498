import { EMPTY_WORD_LIST, scanUnfitText, WordList } from './unfit-text.scanner';

// A synthetic CPR-like number with a valid date (1 Jan 1970), built so no real number is written here.
const CPR_LIKE = `010170-${'1'}${'2'}${'3'}${'4'}`;

describe('scanUnfitText', () => {
  it.each([
    ['Afgørelse om sygedagpenge', []],
    ['Brev om kontanthjælp, sag 2023-123456', []],
    ['Beløb 1.234.567,00 kr', []],
    ['Mødedato 01-02-2023', []],
    [`Notat vedr. ${CPR_LIKE}`, ['SAFETY-CPR']],
    ['Skriv til jens.hansen@example.dk', ['SAFETY-EMAIL']],
    ['Ring på 12 34 56 78', ['SAFETY-PHONE']],
    ['Ring på +45 1234 5678', ['SAFETY-PHONE']],
    ['Ring på 12345678', ['SAFETY-PHONE']],
    ['Sag 27.12.04-G01-3-23', []],
  ])('scans %j', (text, rules) => {
    expect(scanUnfitText(text).map((h) => h.rule)).toEqual(rules);
  });

  it.each([
    ['CVR 12345678'],
    ['CVR-nr. 12345678'],
    ['CVR-nr.: 12 34 56 78'],
    ['Faktura fra leverandør, cvr.nr 1234 5678'],
    ['SE-nr. 12345678'],
    ['P-nr. 12345678'],
    ['J.nr. 12345678'],
    ['Jnr. 12345678'],
    ['Journalnr. 12345678'],
    ['Journalnummer: 12345678'],
    ['Sagsnr. 12345678'],
    ['Sag 2023-1234'],
    ['Faktura 12345678'],
    ['Faktura nr. 12345678'],
    ['Fakturanr. 12345678'],
    ['Fakturanummer 12345678'],
    ['Konto 12345678'],
    ['Reg.nr. 1234 kontonr. 12345678'],
    ['Reg. nr. 1234, kontonummer 1234 5678'],
    ['Ordrenr. 12345678'],
    ['Kundenr. 12345678'],
    ['Kundenummer #12345678'],
    ['Bilagsnr. 12345678'],
    ['Bilag 12345678'],
    ['EAN 12345678'],
    ['EAN-nr. 12345678'],
    ['Medlemsnr. 12345678'],
    ['Løbenr. 12345678'],
    ['Vores ref.: 12345678'],
    ['Policenr. 12345678'],
    ['Matr.nr. 12345678'],
  ])('does not hold %j as a phone number: its label says what the number is', (text) => {
    expect(scanUnfitText(text)).toEqual([]);
  });

  it.each([
    ['Tlf. 12345678'],
    ['Tlf.nr. 12345678'],
    ['Telefon 12 34 56 78'],
    ['Telefonnummer: 1234 5678'],
    ['Mobil +45 12345678'],
    ['Mobilnr. 0045 12 34 56 78'],
    ['Ring på 12345678'],
    ['Kontakt os på 12 34 56 78'],
    ['CVR 12345678, tlf. 87654321'],
    ['Faktura sendt. Spørgsmål: 12345678'],
    ['Ring 1234-5678'],
    ['Sms til 12345678.'],
  ])('holds %j as a phone number', (text) => {
    expect(scanUnfitText(text).map((h) => h.rule)).toEqual(['SAFETY-PHONE']);
  });

  it.each([
    ['an amount with a decimal part', 'Udbetalt 12345678,00 kr'],
    ['one part of a compound number', 'Sag 2023/12345678'],
    ['a number with a check digit', 'Bevilling 12345678-2'],
    ['ten digits', 'Bevilling 1234567890'],
    ['nine digits', 'Bevilling 123456789'],
  ])('does not hold %s as a phone number', (_name, text) => {
    expect(scanUnfitText(text)).toEqual([]);
  });

  it('does not apply the phone rule to an identifier, but the CPR rule', () => {
    expect(scanUnfitText('2023-1234', EMPTY_WORD_LIST, { identifier: true })).toEqual([]);
    expect(scanUnfitText('12 34 56 78', EMPTY_WORD_LIST, { identifier: true })).toEqual([]);
    expect(scanUnfitText(CPR_LIKE, EMPTY_WORD_LIST, { identifier: true }).map((h) => h.rule)).toEqual(['SAFETY-CPR']);
  });

  it('holds a word from the municipality list, whole words only, any case', () => {
    const words = new WordList(['misbrug', 'fortroligt']);
    expect(scanUnfitText('Bekymring om MISBRUG', words).map((h) => h.rule)).toEqual(['SAFETY-WORD']);
    expect(scanUnfitText('Misbrugsbehandling', words)).toEqual([]);
  });

  it('never puts the matched text in the reason', () => {
    const [hit] = scanUnfitText(`Titel ${CPR_LIKE}`);
    expect(hit?.reason).not.toContain('010170');
  });

  it('treats regular-expression characters in words literally', () => {
    expect(scanUnfitText('a.b', new WordList(['a.b'])).map((h) => h.rule)).toEqual(['SAFETY-WORD']);
    expect(scanUnfitText('axb', new WordList(['a.b']))).toEqual([]);
  });
});
