import { readFileSync } from 'node:fs';
import { DELIVERY_PACT_FILE } from '../delivery/delivery-contract';
import { type PactMatchingRules, shapeMismatches } from './pact-shape';

interface Interaction {
  description: string;
  contents: { content: { items: Array<{ operation: string; object: Record<string, unknown> }> } };
  matchingRules: { body: PactMatchingRules };
}
const pact = JSON.parse(readFileSync(DELIVERY_PACT_FILE, 'utf8')) as { interactions: Interaction[] };
const byDescription = (d: string) => pact.interactions.find((i) => i.description === d)!;

describe('shape matching against the delivery pact', () => {
  it.each(pact.interactions.map((i) => [i.description, i] as const))(
    'the pact\'s own example of "%s" matches',
    (_d, i) => {
      expect(shapeMismatches(i.contents.content, i.contents.content, i.matchingRules.body)).toEqual([]);
    },
  );

  const initial = byDescription(
    'an initial import of a case with its full fremdrift history, its parties and its letter',
  );
  const changed = (change: (items: Interaction['contents']['content']['items']) => void) => {
    const copy = structuredClone(initial.contents.content);
    change(copy.items);
    return shapeMismatches(initial.contents.content, copy, initial.matchingRules.body);
  };

  it.each([
    [
      'another value where the contract pins one (equal)',
      (items: Interaction['contents']['content']['items']) => (items[0]!.operation = 'update'),
      [{ rule: 'PACT-EQUALITY', pointer: '/items/0/operation', message: 'expected "import", got "update"' }],
    ],
    [
      'a value that breaks the format (regex)',
      (items: Interaction['contents']['content']['items']) => (items[0]!.object['uuid'] = 'not-a-uuid'),
      [
        {
          rule: 'PACT-REGEX',
          pointer: '/items/0/object/uuid',
          message: expect.stringContaining('"not-a-uuid" does not match'),
        },
      ],
    ],
    [
      'a value of another type (like)',
      (items: Interaction['contents']['content']['items']) => (items[0]!.object['titel'] = 42),
      [{ rule: 'PACT-TYPE', pointer: '/items/0/object/titel', message: 'expected a string, got 42' }],
    ],
    [
      'a missing field',
      (items: Interaction['contents']['content']['items']) => delete items[1]!.object['primaerKlasse'],
      [{ rule: 'PACT-MISSING', pointer: '/items/1/object/primaerKlasse', message: 'primaerKlasse is missing' }],
    ],
    [
      'an array of another length',
      (items: Interaction['contents']['content']['items']) => (items[1]!.object['fremdrift'] as unknown[]).pop(),
      [{ rule: 'PACT-LENGTH', pointer: '/items/1/object/fremdrift', message: 'expected 3 elements, got 2' }],
    ],
  ])('tells %s', (_what, change, want) => {
    expect(changed(change)).toEqual(want);
  });

  it('allows fields the contract does not name', () => {
    expect(changed((items) => (items[0]!.object['beskrivelse'] = 'more'))).toEqual([]);
  });
});
