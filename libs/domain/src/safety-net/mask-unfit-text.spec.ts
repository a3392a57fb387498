import { aSyntheticCpr } from '../testing/factories';
import { maskUnfitText } from './mask-unfit-text';
import { WordList } from './unfit-text.scanner';

const cpr = aSyntheticCpr(0); // 0101405000: born 2040, no real person's number
const words = new WordList(['misbrug', 'anbringelse']);

describe('maskUnfitText', () => {
  it.each([
    ['a CPR-like number', `Notat om ${cpr} fra mødet`, 'Notat om •••••••••• fra mødet'],
    ['a CPR-like number with a hyphen', `CPR ${cpr.slice(0, 6)}-${cpr.slice(6)}.`, 'CPR ••••••-••••.'],
    ['an e-mail address', 'Skriv til sagsbehandler@kommune.dk i dag', 'Skriv til •••••••••••••@•••••••.•• i dag'],
    ['a phone number in pairs', 'Ring på 23 45 67 89 efter kl. 10', 'Ring på •• •• •• •• efter kl. 10'],
    ['a phone number with +45', 'tlf. +4523456789', 'tlf. +••••••••••'],
    ['a word on the list, any case', 'Bekymring om MISBRUG i hjemmet', 'Bekymring om ••••••• i hjemmet'],
    ['two words', 'Misbrug og anbringelse', '••••••• og •••••••••••'],
    ['a word only as a whole word', 'Misbrugsbehandling', 'Misbrugsbehandling'],
    ['nothing unfit', 'Ansøgning om boligstøtte 2026', 'Ansøgning om boligstøtte 2026'],
  ])('masks %s and keeps the context', (_what, text, masked) => {
    expect(maskUnfitText(text, words)).toBe(masked);
  });

  it('keeps the length and the positions of the text, also after letters outside the basic plane', () => {
    const text = `𝒜 om misbrug`;
    expect(maskUnfitText(text, words)).toBe('𝒜 om •••••••');
  });

  it('masks nothing of the word list when none is given', () => {
    expect(maskUnfitText('Bekymring om misbrug')).toBe('Bekymring om misbrug');
  });
});
