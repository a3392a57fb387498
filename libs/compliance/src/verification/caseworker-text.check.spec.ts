import { caseworkerTextHits, initialsOf } from './caseworker-text.check';

const letter = (titel: string) => ({ operation: 'import', object: { objectType: 'dokument', titel } });
const caseWith = (navn: string) => ({
  operation: 'import',
  object: { objectType: 'sag', titel: 'Sygedagpenge', primaerBehandler: { navn } },
});

describe('caseworker names and initials in citizen-visible texts', () => {
  it.each([
    ['Sagsbehandler Birgit Hansen', ['BH', 'BHA', 'BIHA']],
    ['Ole Bo Jensen', ['OBJ', 'OJE', 'OLJE']],
    ['Birgit', []],
  ])('the initials of %s', (name, want) => {
    expect(initialsOf(name)).toEqual(want);
  });

  it.each([
    ['Afgørelse om sygedagpenge /BH', 'Afgørelse om sygedagpenge /••'],
    ['Indkaldelse (sagsbehandler: BIHA)', 'Indkaldelse (sagsbehandler: ••)'],
    ['Partshøring, init. OBJ', 'Partshøring, init. ••'],
    ['Svar til borger fra Sbh KLM', 'Svar til borger fra Sbh ••'],
  ])('finds the signature in "%s"', (titel, masked) => {
    expect(caseworkerTextHits([letter(titel)])).toEqual([
      { pointer: '/items/0/object/titel', message: expect.stringContaining('caseworker'), masked },
    ]);
  });

  it('finds the initials and name of a caseworker the delivery names, also from an earlier delivery', () => {
    expect(caseworkerTextHits([letter('Notat BIHA')], [caseWith('Sagsbehandler Birgit Hansen')])).toHaveLength(1);
    expect(caseworkerTextHits([caseWith('Birgit Hansen'), letter('Brev fra Birgit Hansen')])).toEqual([
      expect.objectContaining({ pointer: '/items/1/object/titel', masked: 'Brev fra ••' }),
    ]);
  });

  it.each([
    'Afgørelse om sygedagpenge',
    'Ansøgning om SU og ATP',
    'Brev om A/S-selskabets løn',
    'Indkaldelse 12/09',
    'Kopi til BH', // initials without a signature and of no caseworker the delivery names
  ])('leaves "%s" alone', (titel) => {
    expect(caseworkerTextHits([letter(titel)])).toEqual([]);
  });
});
