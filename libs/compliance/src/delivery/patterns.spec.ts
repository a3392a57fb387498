import { deliveryItemSchema, detectCprLikeNumbers } from '@overblik/domain';
import { CONTRACT_CITIZEN } from './delivery-contract';
import { DeliveryHandling } from './delivery-handling';
import { expectationFailures } from './pattern-checks';
import { type DeliveryBody, type DeliveryPattern, DELIVERY_PATTERNS, exampleDelivery } from './patterns';

/** A fresh platform that holds the pattern's background, then handles `body`. */
function handle(pattern: DeliveryPattern, body: DeliveryBody) {
  const platform = new DeliveryHandling();
  for (const earlier of pattern.background) {
    const outcome = platform.receive(earlier);
    if (!outcome.accepted || outcome.items.some((i) => i.state !== 'applied'))
      throw new Error(`the background of ${pattern.id} was not applied: ${JSON.stringify(outcome)}`);
  }
  const outcome = platform.receive(body);
  return { outcome, view: platform.citizen(CONTRACT_CITIZEN) };
}

const variants = DELIVERY_PATTERNS.flatMap((p) => p.variants.map((v) => ({ pattern: p, variant: v })));

describe('the delivery pattern catalogue', () => {
  it('has each pattern of the contract once', () => {
    expect(DELIVERY_PATTERNS.map((p) => p.id)).toEqual([
      'initial-import',
      'status-change',
      'document-on-two-cases',
      'incoming-letter',
      'undtaget-for-borger',
      'relation-removed',
      'object-removed',
      'grant-with-plan',
      'monthly-payment-set-off',
      'payment-correction',
      'retired-kle',
    ]);
    expect(new Set(DELIVERY_PATTERNS.map((p) => p.description)).size).toBe(DELIVERY_PATTERNS.length);
  });

  it.each(DELIVERY_PATTERNS.map((p) => [p.id, p] as const))(
    '%s: every provider state names its parameters, and no parameter is a CPR number',
    (_id, pattern) => {
      expect(pattern.providerStates.length).toBeGreaterThan(0);
      for (const state of pattern.providerStates) {
        const named = [...state.name.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(named.filter((n) => !(n! in state.params))).toEqual([]);
        for (const value of Object.values(state.params)) expect(detectCprLikeNumbers(value)).toEqual([]);
      }
    },
  );

  it.each(DELIVERY_PATTERNS.map((p) => [p.id, p] as const))(
    '%s: the example delivery passes the delivery schema',
    (_id, pattern) => {
      const body = exampleDelivery(pattern);
      const failing = body.items.flatMap((item, i) => (deliveryItemSchema.safeParse(item).success ? [] : [i]));
      expect(failing).toEqual([]);
    },
  );
});

describe('the platform handles each pattern', () => {
  it.each(DELIVERY_PATTERNS.map((p) => [p.id, p.expectation.summary, p] as const))(
    '%s: %s',
    (_id, _summary, pattern) => {
      const { outcome, view } = handle(pattern, exampleDelivery(pattern));
      expect(expectationFailures(pattern.expectation, outcome, view)).toEqual([]);
    },
  );

  it.each(
    variants.map(
      ({ pattern, variant }) =>
        [pattern.id, variant.description, variant.expectation.summary, pattern, variant] as const,
    ),
  )('%s, when %s: %s', (_id, _description, _summary, pattern, variant) => {
    const { outcome, view } = handle(pattern, variant.change(exampleDelivery(pattern)));
    expect(expectationFailures(variant.expectation, outcome, view)).toEqual([]);
  });

  it.each(variants.map(({ pattern, variant }) => [pattern.id, variant.description, pattern, variant] as const))(
    "%s: the pattern's expectation tells the outcome apart when %s",
    (_id, _description, pattern, variant) => {
      const { outcome, view } = handle(pattern, variant.change(exampleDelivery(pattern)));
      const failures = expectationFailures(pattern.expectation, outcome, view);
      if (variant.keepsOutcome) expect(failures).toEqual([]);
      else expect(failures).not.toEqual([]);
    },
  );
});
