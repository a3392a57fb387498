import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KleImportError } from '../kle-catalogue.error';
import { importKleXml } from './kle-xml.importer';

const SAMPLE = readFileSync(join(__dirname, 'fixtures', 'kle-emneplan-sample.xml'), 'utf8');

describe('importKleXml', () => {
  const kle = importKleXml(SAMPLE);

  it('reads every hovedgruppe, gruppe and emne of the sample, and its publication date as version', () => {
    expect([
      kle.version,
      kle.hovedgrupper().length,
      kle.grupper().length,
      kle.emner().length,
      kle.handlingsfacetter().length,
    ]).toEqual(['2022-02-01', 3, 5, 14, 0]);
  });

  it('reads a node with UUID (lower-cased), dates and title', () => {
    expect([kle.get('00'), kle.get('15.17.06')]).toEqual([
      {
        nummer: '00',
        level: 'hovedgruppe',
        titel: 'Kommunens styrelse',
        uuid: 'f47e614d-6334-4d95-b2e6-e6fcfa8b7380',
        oprettet: '1988-01-01',
        rettet: '2011-05-01',
      },
      {
        nummer: '15.17.06',
        level: 'emne',
        titel: 'Sygedagpengeopfølgning',
        uuid: '9f83d1ea-df2d-4c3e-a99e-1abea0c7fdc7',
        oprettet: '2007-01-01',
        rettet: '2019-02-01',
      },
    ]);
  });

  it('keeps the latest of several RettetDato', () => {
    expect(kle.get('15')?.rettet).toBe('2020-02-01');
  });

  it.each<[string, string[]]>([
    ['15', ['15.17', '15.20']],
    ['15.17', ['15.17.06', '15.17.12']],
    ['32', ['32.24', '32.30']],
    ['32.24', ['32.24.04', '32.24.08', '32.24.32', '32.24.48']],
  ])('places the children of %s', (nummer, children) => {
    expect(kle.children(nummer).map((child) => child.nummer)).toEqual(children);
  });

  it.each<[string, string | undefined, string[] | undefined]>([
    ['32.24.32', '2022-01-01', ['32.24.04']],
    ['32.24.48', '2022-01-01', ['32.24.04']],
    ['00.01.94', '2019-01-01', ['00.01.95']],
    ['32.24.04', undefined, undefined],
  ])('reads retirement and "afløst af" of %s', (nummer, udgaaet, afloestAf) => {
    const node = kle.get(nummer);
    expect([node?.udgaaet, node?.afloestAf]).toEqual([udgaaet, afloestAf]);
  });

  it.each<[string, boolean, string | undefined]>([
    ['32.24.32', true, '32.24.04'],
    ['32.24.48', true, '32.24.04'],
    ['00.01.90', true, '00.01.10'],
    ['00.01.91', true, '00.01.10'],
    ['00.01.94', true, undefined],
    ['32.24.04', false, undefined],
  ])('resolves %s: retired %s, replaced by %j', (nummer, retired, replacement) => {
    expect([kle.isRetired(nummer), kle.replacementFor(nummer)]).toEqual([retired, replacement]);
  });

  it('does not take handlingsfacet references in stikord for handlingsfacetter', () => {
    expect(kle.exists('P22')).toBe(false);
  });

  it('reads the REST variant with namespace prefixes, an attribute date and single children', () => {
    const xml = `<?xml version="1.0"?>
      <kle:KLE-REST-Emneplan xmlns:kle="urn:example:kle" UdgivelsesDato="2025-05-01">
        <kle:Hovedgruppe>
          <kle:HovedgruppeNr>32</kle:HovedgruppeNr>
          <kle:HovedgruppeTitel>Kontante ydelser</kle:HovedgruppeTitel>
          <kle:Gruppe>
            <kle:GruppeNr>32.24</kle:GruppeNr>
            <kle:GruppeTitel>Ydelser efter lov om aktiv socialpolitik mv.</kle:GruppeTitel>
            <kle:Emne>
              <kle:EmneNr>32.24.32</kle:EmneNr>
              <kle:EmneTitel>Uddannelseshjælp</kle:EmneTitel>
              <kle:EmneAdministrativInfo>
                <kle:OprettetDato>2014-01-01+01:00</kle:OprettetDato>
                <kle:Historisk><kle:Flyttet><kle:FlyttetDato>2022-01-01</kle:FlyttetDato><kle:EmneNr>32.24.04</kle:EmneNr></kle:Flyttet></kle:Historisk>
              </kle:EmneAdministrativInfo>
            </kle:Emne>
          </kle:Gruppe>
        </kle:Hovedgruppe>
      </kle:KLE-REST-Emneplan>`;
    const rest = importKleXml(xml);
    expect([rest.version, rest.size, rest.get('32.24.32')]).toEqual([
      '2025-05-01',
      3,
      {
        nummer: '32.24.32',
        level: 'emne',
        titel: 'Uddannelseshjælp',
        oprettet: '2014-01-01',
        udgaaet: '2022-01-01',
        afloestAf: ['32.24.04'],
      },
    ]);
  });

  it('reads handlingsfacetter grouped in categories', () => {
    const xml = `<KLE-Handlingsfacetter>
        <UdgivelsesDato>2025-05-01</UdgivelsesDato>
        <HandlingsfacetKategori>
          <HandlingsfacetKategoriNr>G</HandlingsfacetKategoriNr>
          <HandlingsfacetKategoriTitel>Generelle sager</HandlingsfacetKategoriTitel>
          <Handlingsfacet>
            <HandlingsfacetNr>G01</HandlingsfacetNr>
            <HandlingsfacetTitel>Generelle sager</HandlingsfacetTitel>
            <HandlingsfacetAdministrativInfo><OprettetDato>2004-01-01</OprettetDato></HandlingsfacetAdministrativInfo>
            <UUID>00000000-0000-4000-8000-000000000001</UUID>
          </Handlingsfacet>
        </HandlingsfacetKategori>
      </KLE-Handlingsfacetter>`;
    expect(importKleXml(xml).handlingsfacetter()).toEqual([
      {
        nummer: 'G01',
        level: 'handlingsfacet',
        titel: 'Generelle sager',
        uuid: '00000000-0000-4000-8000-000000000001',
        oprettet: '2004-01-01',
      },
    ]);
  });

  it('keeps the node in use when a number occurs twice', () => {
    const emne = (udgaaet: string): string =>
      `<Emne><EmneNr>32.24.04</EmneNr><EmneTitel>${udgaaet === '' ? 'current' : 'old'}</EmneTitel><EmneAdministrativInfo>${
        udgaaet === '' ? '' : `<Historisk><UdgaaetDato>${udgaaet}</UdgaaetDato></Historisk>`
      }</EmneAdministrativInfo></Emne>`;
    const xml = `<KLE-Emneplan UdgivelsesDato="2025-05-01">${emne('2001-01-01')}${emne('')}</KLE-Emneplan>`;
    expect(importKleXml(xml).titleOf('32.24.04')).toBe('current');
  });

  it('falls back to the given version when the document has no UdgivelsesDato', () => {
    const xml =
      '<KLE-Emneplan><Hovedgruppe><HovedgruppeNr>32</HovedgruppeNr><HovedgruppeTitel>Kontante ydelser</HovedgruppeTitel></Hovedgruppe></KLE-Emneplan>';
    expect([importKleXml(xml, { version: 'manual-2025' }).version, importKleXml(xml).version]).toEqual([
      'manual-2025',
      'unknown',
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['malformed XML', '<KLE-Emneplan><Hovedgruppe></KLE-Emneplan>', /^Not well-formed XML \(line 1\)/],
    ['XML without KLE nodes', '<Catalogue><Item/></Catalogue>', /not a KLE publication/],
    [
      'a node with a bad number',
      '<KLE-Emneplan><Emne><EmneNr>32.24.4</EmneNr></Emne></KLE-Emneplan>',
      /EmneNr "32\.24\.4" is not a KLE number/,
    ],
  ])('rejects %s', (_case, xml, message) => {
    expect(() => importKleXml(xml)).toThrow(KleImportError);
    expect(() => importKleXml(xml)).toThrow(message);
  });
});
