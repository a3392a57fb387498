import {
  canTransition,
  currentState,
  firstOpstaaet,
  fremdriftRank,
  sortFremdrift,
  type FremdriftEntry,
  type FremdriftTilstand,
} from './fremdrift.state-machine';

const at = (day: number): string => `2024-01-${String(day).padStart(2, '0')}T08:00:00Z`;
const entry = (tilstand: FremdriftTilstand, fra: string, til?: string): FremdriftEntry => ({
  tilstand,
  virkning: til ? { fra, til } : { fra },
});

const history: FremdriftEntry[] = [
  entry('Opstaaet', at(1), at(5)),
  entry('Oplyst', at(5), at(10)),
  entry('Afgjort', at(10)),
];

describe('fremdrift state machine', () => {
  it.each<[FremdriftTilstand, number]>([
    ['Opstaaet', 0],
    ['Oplyst', 1],
    ['Afgjort', 2],
    ['Afsluttet', 3],
  ])('ranks %s as %i', (tilstand, rank) => {
    expect(fremdriftRank(tilstand)).toBe(rank);
  });

  it.each<[FremdriftTilstand, FremdriftTilstand, boolean]>([
    ['Opstaaet', 'Oplyst', true],
    ['Opstaaet', 'Afsluttet', true],
    ['Oplyst', 'Afgjort', true],
    ['Afgjort', 'Afsluttet', true],
    ['Oplyst', 'Opstaaet', false],
    ['Afsluttet', 'Afgjort', false],
    ['Afgjort', 'Oplyst', false],
    ['Oplyst', 'Oplyst', false],
  ])('allows %s → %s: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it.each<[string, string | undefined, FremdriftTilstand | undefined]>([
    ['the latest state without a moment', undefined, 'Afgjort'],
    ['nothing before the sag arose', '2023-12-31T00:00:00Z', undefined],
    ['Opstaaet on its first day', at(1), 'Opstaaet'],
    ['Oplyst while it is in effect', at(7), 'Oplyst'],
    ['Afgjort from its start', at(10), 'Afgjort'],
  ])('currentState gives %s', (_name, moment, expected) => {
    expect(currentState(history, moment)).toBe(expected);
  });

  it('picks the state that started last when the source left earlier virkninger open', () => {
    const unclosed = [entry('Oplyst', at(5)), entry('Opstaaet', at(1))];
    expect([currentState(unclosed, at(3)), currentState(unclosed, at(6))]).toEqual(['Opstaaet', 'Oplyst']);
  });

  it('has no state for an empty history', () => {
    expect(currentState([])).toBeUndefined();
  });

  it.each<[string, FremdriftEntry[], string | undefined]>([
    ['the Opstaaet start', history, at(1)],
    ['the earliest of several Opstaaet entries', [entry('Opstaaet', at(3)), entry('Opstaaet', at(2))], at(2)],
    ['nothing without Opstaaet', [entry('Oplyst', at(3))], undefined],
  ])('firstOpstaaet gives %s', (_name, fremdrift, expected) => {
    expect(firstOpstaaet(fremdrift)).toBe(expected);
  });

  it('sorts by start and then by state order without changing the input', () => {
    const input = [entry('Afgjort', at(3)), entry('Oplyst', at(1)), entry('Opstaaet', at(1))];
    expect(sortFremdrift(input).map((f) => f.tilstand)).toEqual(['Opstaaet', 'Oplyst', 'Afgjort']);
    expect(input.map((f) => f.tilstand)).toEqual(['Afgjort', 'Oplyst', 'Opstaaet']);
  });
});
