import { parseCpr } from '../cpr/cpr';
import { validateDeliveryItem } from '../rules/delivery-rules';
import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  aKleLookup,
  anEffektuering,
  aParty,
  aRemoveItem,
  aRuleContext,
  aSag,
  aSyntheticCpr,
  DEFAULT_BEVILLING_UUID,
  resetFactorySequence,
  syntheticUuid,
} from './factories';

describe('test-data factories', () => {
  beforeEach(() => resetFactorySequence());

  it.each([
    ['aSag', () => aDeliveryItem(aSag())],
    ['aDokument', () => aDeliveryItem(aDokument())],
    ['aBevilling', () => aDeliveryItem(aBevilling())],
    ['anEffektuering', () => aDeliveryItem(anEffektuering())],
    ['an update of aSag', () => aDeliveryItem(aSag(), 'update')],
    ['aRemoveItem', () => aRemoveItem(aSag())],
  ])('%s passes every delivery rule', (_name, make) => {
    expect(validateDeliveryItem(make(), aRuleContext())).toEqual([]);
  });

  it('gives the same UUIDs after a reset and new ones on each call', () => {
    const first = [aSag().uuid, aSag().uuid];
    resetFactorySequence();
    const again = [aSag().uuid, aSag().uuid];
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it('keeps overrides', () => {
    const sag = aSag({ uuid: syntheticUuid('x'), titel: 'Egen titel' });
    expect([sag.uuid, sag.titel]).toEqual([syntheticUuid('x'), 'Egen titel']);
  });

  it('makes version-5 shaped UUIDs', () => {
    expect(syntheticUuid('bevilling:default')).toBe(DEFAULT_BEVILLING_UUID);
    expect(DEFAULT_BEVILLING_UUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('hands out fresh objects that tests may change', () => {
    const a = aSag();
    a.fremdrift.push({ tilstand: 'Oplyst', virkning: { fra: '2024-02-01T00:00:00Z' } });
    expect(aSag().fremdrift).toHaveLength(1);
  });

  it.each<[number, string]>([
    [0, '0101405000'],
    [1, '0201405000'],
    [6574, '3112575000'],
    [6575, '0101405001'],
    [6575 * 4000, '0101405000'],
  ])('aSyntheticCpr(%i) is %s', (seed, expected) => {
    expect(aSyntheticCpr(seed)).toBe(expected);
  });

  it('makes valid, distinct CPR numbers born 2040–2057', () => {
    const seeds = [0, 1, 59, 1000, 6574, 6575, 123_456, 9_999_999, 26_299_999];
    const numbers = seeds.map((s) => aSyntheticCpr(s));
    const outside = numbers.filter((n) => {
      const parsed = parseCpr(n);
      return !(parsed.ok && parsed.cpr.birthDate >= '2040-01-01' && parsed.cpr.birthDate <= '2057-12-31');
    });
    expect(outside).toEqual([]);
    expect(new Set(numbers).size).toBe(seeds.length);
  });

  it('makes numbers whose modulus 11 holds on request, distinct per seed', () => {
    const seeds = Array.from({ length: 2000 }, (_, i) => i * 1187);
    const numbers = seeds.map((s) => aSyntheticCpr(s, { modulus11: true }));
    expect(
      numbers.filter((n) => {
        const p = parseCpr(n);
        return !(p.ok && p.cpr.modulus11);
      }),
    ).toEqual([]);
    expect(new Set(numbers).size).toBe(seeds.length);
  });

  it.each([[-1], [1.5], [Number.NaN]])('refuses the seed %p', (seed) => {
    expect(() => aSyntheticCpr(seed)).toThrow('seed must be a whole number ≥ 0');
  });

  it('puts the default citizen on every object and a chosen one on request', () => {
    expect(aParty({ cprSeed: 2 }).urn).toBe(`urn:oio:cpr-nr:${aSyntheticCpr(2)}`);
    expect(aSag().primaerPart?.urn).toBe(aBevilling().part.urn);
  });

  it('has a KLE catalogue with a retired emne and its replacement', () => {
    const kle = aKleLookup();
    expect([
      kle.exists('32.24.32'),
      kle.isRetired('32.24.32'),
      kle.replacementFor('32.24.32'),
      kle.exists('99.99.99'),
    ]).toEqual([true, true, '32.24.04', false]);
  });
});
