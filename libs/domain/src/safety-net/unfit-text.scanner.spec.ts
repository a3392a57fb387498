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
    ['Ring på 23 45 67 89', ['SAFETY-PHONE']],
    ['Ring på +45 2345 6789', ['SAFETY-PHONE']],
    ['Ring på 23456789', ['SAFETY-PHONE']],
    ['Sag 27.12.04-G01-3-23', []],
  ])('scans %j', (text, rules) => {
    expect(scanUnfitText(text).map((h) => h.rule)).toEqual(rules);
  });

  it.each([
    ['CVR 23456789'],
    ['CVR-nr. 23456789'],
    ['CVR-nr.: 23 45 67 89'],
    ['Faktura fra leverandør, cvr.nr 2345 6789'],
    ['SE-nr. 23456789'],
    ['P-nr. 23456789'],
    ['J.nr. 23456789'],
    ['Jnr. 23456789'],
    ['Journalnr. 23456789'],
    ['Journalnummer: 23456789'],
    ['Sagsnr. 23456789'],
    ['Sag 2023-1234'],
    ['Faktura 23456789'],
    ['Faktura nr. 23456789'],
    ['Fakturanr. 23456789'],
    ['Fakturanummer 23456789'],
    ['Konto 23456789'],
    ['Reg.nr. 1234 kontonr. 23456789'],
    ['Reg. nr. 1234, kontonummer 2345 6789'],
    ['Kontoudskrift, konto 1234 23456789'],
    ['Udbetalt til konto 1234-2345 6789'],
    ['Ordrenr. 23456789'],
    ['Kundenr. 23456789'],
    ['Kundenummer #23456789'],
    ['Bilagsnr. 23456789'],
    ['Bilag 23456789'],
    ['EAN 23456789'],
    ['EAN-nr. 23456789'],
    ['Medlemsnr. 23456789'],
    ['Løbenr. 23456789'],
    ['Vores ref.: 23456789'],
    ['Policenr. 23456789'],
    ['Matr.nr. 23456789'],
  ])('does not hold %j as a phone number: its label says what the number is', (text) => {
    expect(scanUnfitText(text)).toEqual([]);
  });

  it.each([
    ['Tlf. 23456789'],
    ['Tlf.nr. 23456789'],
    ['Telefon 23 45 67 89'],
    ['Telefonnummer: 2345 6789'],
    ['Mobil +45 23456789'],
    ['Mobilnr. 0045 23 45 67 89'],
    ['Ring på 23456789'],
    ['Kontakt os på 23 45 67 89'],
    ['CVR 23456789, tlf. 87654321'],
    ['Faktura sendt. Spørgsmål: 23456789'],
    ['Ring 2345-6789'],
    ['Sag 1234, ring 23456789'],
    ['Sms til 23456789.'],
  ])('holds %j as a phone number', (text) => {
    expect(scanUnfitText(text).map((h) => h.rule)).toEqual(['SAFETY-PHONE']);
  });

  it.each([
    ['an amount with a decimal part', 'Udbetalt 23456789,00 kr'],
    ['one part of a compound number', 'Sag 2023/23456789'],
    ['a number with a check digit', 'Bevilling 23456789-2'],
    ['ten digits', 'Bevilling 2345678990'],
    ['nine digits', 'Bevilling 234567899'],
  ])('does not hold %s as a phone number', (_name, text) => {
    expect(scanUnfitText(text)).toEqual([]);
  });

  it('does not apply the phone rule to an identifier, but the CPR rule', () => {
    expect(scanUnfitText('2023-1234', EMPTY_WORD_LIST, { identifier: true })).toEqual([]);
    expect(scanUnfitText('23 45 67 89', EMPTY_WORD_LIST, { identifier: true })).toEqual([]);
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
