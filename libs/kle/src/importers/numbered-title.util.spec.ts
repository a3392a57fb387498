import { splitNumberedTitle, type NumberedTitle } from './numbered-title.util';

describe('splitNumberedTitle', () => {
  it.each<[string, NumberedTitle | undefined]>([
    [
      '32.24.04. Hjælp til forsørgelse (kontanthjælp mv.)',
      { written: '32.24.04', nummer: '32.24.04', titel: 'Hjælp til forsørgelse (kontanthjælp mv.)' },
    ],
    [
      '15. 00. Organisering og understøttelse',
      { written: '15. 00', nummer: '15.00', titel: 'Organisering og understøttelse' },
    ],
    ['32. Kontante ydelser', { written: '32', nummer: '32', titel: 'Kontante ydelser' }],
    ['15.20.51. 225-timersregel', { written: '15.20.51', nummer: '15.20.51', titel: '225-timersregel' }],
    ['4. Uddannelse', { written: '4', nummer: undefined, titel: 'Uddannelse' }],
    [
      '08. 25. 20. Udlejning af lufthavnsbygninger',
      { written: '08. 25. 20', nummer: '08.25.20', titel: 'Udlejning af lufthavnsbygninger' },
    ],
    ['32.24.04 Uden punktum', { written: '32.24.04', nummer: '32.24.04', titel: 'Uden punktum' }],
    ['  32.24.04.   Mange   mellemrum  ', { written: '32.24.04', nummer: '32.24.04', titel: 'Mange mellemrum' }],
    ['Kontante ydelser', undefined],
    ['32.24.04.', undefined],
    ['', undefined],
  ])('splits %j', (cell, expected) => {
    expect(splitNumberedTitle(cell)).toEqual(expected);
  });
});
