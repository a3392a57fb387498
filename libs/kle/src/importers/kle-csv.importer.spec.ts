import { readFileSync } from 'node:fs';
import type { KleCatalogue } from '../kle-catalogue';
import { SHIPPED_KLE_LIST } from '../shipped-kle-list';
import { KleImportError } from '../kle-catalogue.error';
import { importKleCsv, importKleCsvWithWarnings, type KleCsvImportResult } from './kle-csv.importer';

const HEADER = 'Nummer;Behandlingsaktivitet;KLE Hovedgruppe;KLE Gruppe;KLE niveau 3';

/** The quirks of KL's mapping file, a few rows each. */
const QUIRKY_CSV = [
  HEADER,
  '01;Ydelser til ledige;15. Arbejdsmarked og beskæftigelsesindsats;15. 17. Opfølgning, vurdering og revalidering;15.17.06. Sygedagpengeopfølgning',
  '02;Ydelser til ledige;15. Arbejdsmarked og beskæftigelsesindsats;15. 17. Opfølgning, vurdering og revalidering;15.17.12. Revalidering',
  '03;"Kontanthjælp; uddannelseshjælp',
  '',
  'og ""hjemrejseydelse""";32. Kontante ydelser;32. 24. Ydelser efter lov om aktiv socialpolitik mv.;32.24.04. Hjælp til forsørgelse (kontanthjælp mv.)',
  '04;Dublet;32. Kontante ydelser;32. 24. Ydelser efter lov om aktiv socialpolitik mv.;32.24.04. Hjælp til forsørgelse (kontanthjælp mv.)',
  '05;;32. Kontante ydelser;32. 18. Ydelser til børn og voksne med nedsat funktionsevne;32.18.04. Merudgiftsydelse, børn med nedsat funktionsevne [udgår 2025]',
  '06;FGU;4. Uddannelse;54. 42. Forberedende grunduddannelse (FGU);54.42.08. Uddannelsesforløb, FGU',
  '07;Lufthavne;08. Havne og Lufthavne;08. 25. 20. Udlejning af lufthavnsbygninger og -arealer;08.25.20. Udlejning af lufthavnsbygninger og -arealer',
  '08;Vandløb;06. Spildevand og vandløb;06. 02. Vandløb og søer;06.02.00. Vandløb og søer i almindelighed [',
  '09;Sundhed;29. 70. Digitale sundhedsydelser;;29.70.10. Telesundhed',
  '10;Forkert gren;17. Folkeskoleundervisning;32. 21. Hjælp i særlige tilfælde;32.21.12. Hjælp til enkeltudgifter',
  '11;Intet emne;32. Kontante ydelser;32. 24. Ydelser efter lov om aktiv socialpolitik mv.;',
].join('\r\n');

describe('importKleCsv', () => {
  const { catalogue: kle, warnings } = importKleCsvWithWarnings(QUIRKY_CSV, { version: 'test-csv' });

  it('deduplicates emner and derives their hovedgrupper and grupper', () => {
    expect([
      kle.version,
      kle.emner().map((emne) => emne.nummer),
      kle.hovedgrupper().map((h) => h.nummer),
      kle.grupper().map((g) => g.nummer),
    ]).toEqual([
      'test-csv',
      ['06.02.00', '08.25.20', '15.17.06', '15.17.12', '29.70.10', '32.18.04', '32.21.12', '32.24.04', '54.42.08'],
      ['06', '08', '15', '29', '32', '54'],
      ['06.02', '08.25', '15.17', '29.70', '32.18', '32.21', '32.24', '54.42'],
    ]);
  });

  it.each<[string, string]>([
    ['32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'],
    ['15', 'Arbejdsmarked og beskæftigelsesindsats'],
    ['15.17', 'Opfølgning, vurdering og revalidering'],
    ['32.18.04', 'Merudgiftsydelse, børn med nedsat funktionsevne'],
    ['06.02.00', 'Vandløb og søer i almindelighed'],
    ['54', 'Uddannelse'],
    ['54.42', 'Forberedende grunduddannelse (FGU)'],
    ['29.70', 'Digitale sundhedsydelser'],
    ['32.21', 'Hjælp i særlige tilfælde'],
    ['29', ''],
    ['08.25', ''],
  ])('titles %s %j', (nummer, titel) => {
    expect(kle.titleOf(nummer)).toBe(titel);
  });

  it('ignores a hovedgruppe cell from another branch', () => {
    expect([kle.exists('17'), kle.titleOf('32')]).toEqual([false, 'Kontante ydelser']);
  });

  it('marks "[udgår YYYY]" emner as retired at the end of that year', () => {
    expect([
      kle.get('32.18.04')?.udgaaet,
      kle.isRetired('32.18.04'),
      kle.isRetired('32.18.04', '2025-12-30'),
      kle.isRetired('32.24.04'),
    ]).toEqual(['2025-12-31', true, false, false]);
  });

  it('explains every quirk it resolved', () => {
    expect(warnings).toEqual([
      'hovedgruppe cell "4. Uddannelse" is no KLE number; 54 derived from the emne number',
      'gruppe cell "08. 25. 20. Udlejning af lufthavnsbygninger og -arealer" names the emne itself; 08.25 derived from the emne number',
      '06.02.00: cut-off "[" removed from the title',
      'hovedgruppe cell "29. 70. Digitale sundhedsydelser" names 29.70; used as its title',
      '29.70.10: empty gruppe cell, gruppe derived from the emne number',
      'hovedgruppe cell "17. Folkeskoleundervisning" does not match emne 32.21.12; ignored',
      'line 14: skipped, no emne number in ""',
      '08.25: no title in any row, left empty',
      '29: no title in any row, left empty',
    ]);
  });

  it.each<[string, string, string]>([
    ['an empty file', '', 'The KLE CSV is empty'],
    [
      'a file without emne column',
      'Nummer;Titel\n1;x',
      'The KLE CSV has no emne column (one of: kle niveau 3, kle emne, emne); header: Nummer;Titel',
    ],
  ])('rejects %s', (_case, csv, message) => {
    expect(() => importKleCsv(csv)).toThrow(new KleImportError(message));
  });
});

/** KL's mapping of processing activities to KLE, shipped in libs/kle/data (see its README); KLE_MAPPING_CSV reads another copy. */
const SHARED_CSV = process.env['KLE_MAPPING_CSV'] ?? SHIPPED_KLE_LIST.file;

describe('importKleCsv on the shipped OS2compliance KLE mapping', () => {
  let result: KleCsvImportResult;
  let kle: KleCatalogue;
  beforeAll(() => {
    result = importKleCsvWithWarnings(readFileSync(SHARED_CSV, 'utf8'), { version: SHIPPED_KLE_LIST.version });
    kle = result.catalogue;
  });

  it('finds every distinct emne, gruppe and hovedgruppe', () => {
    expect([
      kle.emner().length,
      kle.grupper().length,
      kle.hovedgrupper().length,
      kle.handlingsfacetter().length,
    ]).toEqual([1815, 366, 35, 0]);
  });

  it.each<[string, string]>([
    ['32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'],
    ['15.17.06', 'Sygedagpengeopfølgning'],
    ['32.30.04', 'Udbetaling af sygedagpenge'],
    ['15.20.51', '225-timersregel'],
    ['29.70.10', 'Telesundhed'],
    ['15.00', 'Organisering og understøttelse af beskæftigelsesindsatsen'],
    ['28.77', 'Betaling for dag-, fritids- og klubtilbud m.v'],
    ['54', 'Uddannelse'],
    ['32', 'Kontante ydelser'],
  ])('titles %s %j', (nummer, titel) => {
    expect(kle.titleOf(nummer)).toBe(titel);
  });

  it('looks up the hierarchy around 15.17.06', () => {
    expect([
      kle.ancestors('15.17.06').map((node) => `${node.nummer} ${node.titel}`),
      kle.children('15.17').some((child) => child.nummer === '15.17.06'),
      kle.children('15').map((child) => child.nummer),
    ]).toEqual([
      ['15 Arbejdsmarked og beskæftigelsesindsats', '15.17 Opfølgning, vurdering og revalidering'],
      true,
      [
        '15.00',
        '15.01',
        '15.03',
        '15.04',
        '15.17',
        '15.18',
        '15.20',
        '15.21',
        '15.22',
        '15.23',
        '15.25',
        '15.27',
        '15.28',
        '15.30',
        '15.40',
      ],
    ]);
  });

  it('marks the 15 emner KL retires in 2025', () => {
    const retiring = kle.emner().filter((emne) => emne.udgaaet !== undefined);
    expect([
      retiring.length,
      retiring.every((emne) => emne.udgaaet === '2025-12-31'),
      kle.titleOf('20.08.02'),
      kle.isRetired('20.08.02'),
    ]).toEqual([15, true, 'Opbygning af billedskoler', true]);
  });

  it('reports the file’s quirks', () => {
    expect(result.warnings).toEqual([
      'hovedgruppe cell "4. Uddannelse" is no KLE number; 54 derived from the emne number',
      'gruppe cell "08. 25. 20. Udlejning af lufthavnsbygninger og -arealer" names the emne itself; 08.25 derived from the emne number',
      '06.02.00: cut-off "[" removed from the title',
      '08.25: no title in any row, left empty',
    ]);
  });
});
