import { contractPlatform } from '../delivery/delivery-handling';
import { DELIVERY_PATTERNS, type DeliveryPattern, type DeliveryPatternId, exampleDelivery } from '../delivery/patterns';
import { classifyDelivery, knownObjectOf, type KnownObject, type Recognition } from './delivery-classifier';

const kle = contractPlatform().kle;

/** What the session knows once the pattern's background has arrived. */
function knownAfter(pattern: DeliveryPattern): Map<string, KnownObject> {
  const known = new Map<string, KnownObject>();
  for (const body of pattern.background)
    for (const item of body.items) {
      const k = knownObjectOf(item);
      if (k) known.set(k.id, k.object);
    }
  return known;
}

const byId = (id: DeliveryPatternId): DeliveryPattern => DELIVERY_PATTERNS.find((p) => p.id === id)!;

/** Each example: the patterns recognised in it, with the items of each. */
const EXAMPLES: Array<[DeliveryPatternId, Recognition[]]> = [
  ['initial-import', [{ pattern: 'initial-import', items: [0, 1] }]],
  ['status-change', [{ pattern: 'status-change', items: [0] }]],
  ['document-on-two-cases', [{ pattern: 'document-on-two-cases', items: [0, 1, 2] }]],
  ['incoming-letter', [{ pattern: 'incoming-letter', items: [0, 1] }]],
  ['undtaget-for-borger', [{ pattern: 'undtaget-for-borger', items: [0, 1] }]],
  ['relation-removed', [{ pattern: 'relation-removed', items: [0] }]],
  ['object-removed', [{ pattern: 'object-removed', items: [0, 1] }]],
  ['grant-with-plan', [{ pattern: 'grant-with-plan', items: [0] }]],
  ['monthly-payment-set-off', [{ pattern: 'monthly-payment-set-off', items: [0] }]],
  ['payment-correction', [{ pattern: 'payment-correction', items: [0] }]],
  ['retired-kle', [{ pattern: 'retired-kle', items: [0] }]],
];

/** Variants that no longer perform their pattern, and what they perform instead. */
const VARIANTS_ELSEWHERE: Record<string, DeliveryPatternId[]> = {
  'the same case without the Visningsklasse': ['incoming-letter'],
  'the case is classified under an emne KLE does not have': [],
};

describe('the delivery classifier', () => {
  it('has a row for every pattern of the contract', () => {
    expect(EXAMPLES.map(([id]) => id).sort()).toEqual(DELIVERY_PATTERNS.map((p) => p.id).sort());
  });

  it.each(EXAMPLES)('recognises the %s example and nothing else in it', (id, expected) => {
    const pattern = byId(id);
    expect(classifyDelivery(exampleDelivery(pattern).items, knownAfter(pattern), kle)).toEqual(expected);
  });

  const variants = DELIVERY_PATTERNS.flatMap((p) => p.variants.map((v) => [p.id, v.description, v] as const));
  it.each(variants)('recognises what the %s variant "%s" tries', (id, description, variant) => {
    const pattern = byId(id);
    const body = variant.change(exampleDelivery(pattern));
    const got = classifyDelivery(body.items, knownAfter(pattern), kle).map((r) => r.pattern);
    expect(got).toEqual(VARIANTS_ELSEWHERE[description] ?? [id]);
  });

  it('does not take the example of one pattern for another without its background', () => {
    // without the earlier case, a status change is a first delivery of a case with history but no letter
    expect(classifyDelivery(exampleDelivery(byId('status-change')).items, new Map(), kle)).toEqual([]);
    // without the earlier payment, a correction is just a payment
    expect(classifyDelivery(exampleDelivery(byId('payment-correction')).items, new Map(), kle)).toEqual([]);
  });

  it('ignores items that are not delivery items', () => {
    expect(classifyDelivery([null, 'x', { object: [] }, { operation: 'remove' }], new Map(), kle)).toEqual([]);
  });
});
