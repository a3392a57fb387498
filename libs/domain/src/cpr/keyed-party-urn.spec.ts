import { aParty, aSag, aSyntheticCpr } from '../testing/factories';
import { cprKey } from './cpr-key';
import { cprUrnsIn, isPersonPartyUrn, keyedCprUrn, KEYED_CPR_URN_PREFIX, partyUrnKeys } from './keyed-party-urn';

const SECRET = 'test-secret-of-at-least-32-characters!!';
const cpr = aSyntheticCpr(11);
const urn = `urn:oio:cpr-nr:${cpr}`;

describe('keyedCprUrn', () => {
  it('holds the citizen key of the number instead of the number', () => {
    expect(keyedCprUrn(urn, SECRET)).toBe(`${KEYED_CPR_URN_PREFIX}${cprKey(cpr, SECRET)}`);
    expect(keyedCprUrn(urn, SECRET)).not.toContain(cpr);
  });

  it.each(['urn:oio:cvr-nr:29189846', 'urn:oio:pnr:1234567890', `urn:oio:cpr-nr:${cpr.slice(1)}`, cpr])(
    'refuses %s',
    (other) => {
      expect(() => keyedCprUrn(other, SECRET)).toThrow('not a CPR URN');
    },
  );
});

describe('isPersonPartyUrn', () => {
  it.each<[string | undefined, boolean]>([
    [urn, true],
    [keyedCprUrn(urn, SECRET), true],
    [`${KEYED_CPR_URN_PREFIX}${'a'.repeat(63)}`, false],
    [`${KEYED_CPR_URN_PREFIX}${'A'.repeat(64)}`, false],
    ['urn:oio:cvr-nr:29189846', false],
    ['urn:oio:pnr:1234567890', false],
    [undefined, false],
  ])('%s → %s', (value, expected) => {
    expect(isPersonPartyUrn(value)).toBe(expected);
  });
});

describe('cprUrnsIn and partyUrnKeys', () => {
  it('find every distinct CPR URN held as a whole string, wherever it sits, and nothing else', () => {
    const other = aParty({ cprSeed: 12 }).urn;
    const sag = aSag({
      primaerPart: aParty({ cprSeed: 11 }),
      titel: `Om ${urn}`, // inside a text: the safety net's business, not a party
      ansvarlig: { urn: 'urn:oio:org-enhed:jobcenter', virkning: { fra: '2024-01-01T00:00:00Z' } },
    });
    const value = { operation: 'import', object: sag, extra: [other, { [urn]: 1 }, 'urn:oio:cvr-nr:29189846'] };
    expect(cprUrnsIn(value)).toEqual([urn, other]);
    expect(partyUrnKeys(value, SECRET)).toEqual([
      [urn, keyedCprUrn(urn, SECRET)],
      [other, keyedCprUrn(other, SECRET)],
    ]);
  });

  it('find none in a body already keyed', () => {
    expect(partyUrnKeys(aSag({ primaerPart: { ...aParty(), urn: keyedCprUrn(urn, SECRET) } }), SECRET)).toEqual([]);
  });
});
