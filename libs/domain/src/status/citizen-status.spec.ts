import {
  citizenStatus,
  citizenStatusOf,
  statusTimeline,
  type AfgoerelseInput,
  type CitizenStatus,
} from './citizen-status';
import type { FremdriftEntry, FremdriftTilstand } from './fremdrift.state-machine';

const at = (day: number): string => `2024-03-${String(day).padStart(2, '0')}T08:00:00Z`;
const entry = (tilstand: FremdriftTilstand, day: number): FremdriftEntry => ({ tilstand, virkning: { fra: at(day) } });
const upTo = (last: FremdriftTilstand): FremdriftEntry[] =>
  (['Opstaaet', 'Oplyst', 'Afgjort', 'Afsluttet'] as const)
    .slice(0, ['Opstaaet', 'Oplyst', 'Afgjort', 'Afsluttet'].indexOf(last) + 1)
    .map((t, i) => entry(t, i + 1));

describe('citizen status', () => {
  it.each<[FremdriftTilstand, AfgoerelseInput, CitizenStatus]>([
    ['Opstaaet', undefined, { code: 1, label: 'Oprettet' }],
    ['Oplyst', undefined, { code: 2, label: 'Behandles' }],
    ['Afgjort', undefined, { code: 3, label: 'Afgjort' }],
    ['Afsluttet', undefined, { code: 4, label: 'Afsluttet' }],
    ['Afgjort', 'FOR', { code: 3, label: 'Afgjort' }],
    ['Afgjort', 'DELVIS', { code: 3, label: 'Afgjort' }],
    ['Afgjort', 'ANNULLERET', { code: 3, label: 'Afgjort' }],
    ['Afgjort', 'IMOD', { code: 5, label: 'Afvist' }],
    ['Afgjort', { kode: 'IMOD' }, { code: 5, label: 'Afvist' }],
    ['Afsluttet', 'IMOD', { code: 5, label: 'Afvist' }],
    ['Afsluttet', { kode: 'FOR' }, { code: 4, label: 'Afsluttet' }],
    ['Oplyst', 'IMOD', { code: 2, label: 'Behandles' }],
    ['Opstaaet', null, { code: 1, label: 'Oprettet' }],
  ])('shows a sag in %s with decision %j as %j', (tilstand, afgoerelse, expected) => {
    expect(citizenStatus(upTo(tilstand), afgoerelse)).toEqual(expected);
    expect(citizenStatusOf(tilstand, afgoerelse)).toEqual(expected);
  });

  it('shows the status at a given moment', () => {
    expect(citizenStatus(upTo('Afsluttet'), undefined, at(2))).toEqual({ code: 2, label: 'Behandles' });
  });

  it('counts a sag without a history, or before it began, as Oprettet', () => {
    expect([citizenStatus([]), citizenStatus(upTo('Afgjort'), undefined, '2024-01-01T00:00:00Z')]).toEqual([
      { code: 1, label: 'Oprettet' },
      { code: 1, label: 'Oprettet' },
    ]);
  });

  it('builds the timeline oldest first from an unordered history', () => {
    expect(statusTimeline([entry('Afgjort', 9), entry('Opstaaet', 1), entry('Oplyst', 4)])).toEqual([
      { code: 1, label: 'Oprettet', fra: at(1) },
      { code: 2, label: 'Behandles', fra: at(4) },
      { code: 3, label: 'Afgjort', fra: at(9) },
    ]);
  });

  it('collapses Afgjort and Afsluttet of a rejected sag into one Afvist', () => {
    expect(statusTimeline(upTo('Afsluttet'), { kode: 'IMOD' })).toEqual([
      { code: 1, label: 'Oprettet', fra: at(1) },
      { code: 2, label: 'Behandles', fra: at(2) },
      { code: 5, label: 'Afvist', fra: at(3) },
    ]);
  });

  it('collapses a repeated state into its first entry', () => {
    expect(statusTimeline([entry('Opstaaet', 1), entry('Oplyst', 2), entry('Oplyst', 5)])).toEqual([
      { code: 1, label: 'Oprettet', fra: at(1) },
      { code: 2, label: 'Behandles', fra: at(2) },
    ]);
  });
});
