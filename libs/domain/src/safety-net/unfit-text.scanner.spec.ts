import { scanUnfitText, WordList } from './unfit-text.scanner';

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
