import { CONTRACT_FAGSYSTEM, CONTRACT_KOMMUNE, contractPlatform } from '../delivery/delivery-handling';
import { DELIVERY_PATTERNS, exampleDelivery } from '../delivery/patterns';
import { deliveryFindings, loadDeliveryContract, verifierKle } from './verify-provider';

const { pact } = loadDeliveryContract();
const platform = contractPlatform({ fagsystem: CONTRACT_FAGSYSTEM, kle: verifierKle() });
const interactionOf = (description: string) => pact.interactions.find((i) => i.description === description)!;

function findingsFor(pattern: (typeof DELIVERY_PATTERNS)[number], body: unknown, expectedHidden: string[] = []) {
  return deliveryFindings({
    pattern,
    interaction: interactionOf(pattern.description),
    body,
    platform,
    fagsystemId: CONTRACT_FAGSYSTEM.id,
    pilot: CONTRACT_KOMMUNE.cvr,
    expectedHidden,
  });
}

const expectedHidden: Record<string, string[]> = { 'undtaget-for-borger': ['UNDTAGET-FOR-BORGER'] };

describe('the verifier on the catalogue', () => {
  it.each(DELIVERY_PATTERNS.map((p) => [p.id, p] as const))(
    "%s: the contract's own example delivery has no finding",
    (id, pattern) => {
      expect(findingsFor(pattern, exampleDelivery(pattern), expectedHidden[id])).toEqual([]);
    },
  );

  const variants = DELIVERY_PATTERNS.flatMap((p) =>
    p.variants.filter((v) => !v.keepsOutcome).map((v) => [p.id, v.description, p, v] as const),
  );
  it.each(variants)('%s, when %s: fails with the rule the platform applies', (id, _d, pattern, variant) => {
    const findings = findingsFor(pattern, variant.change(exampleDelivery(pattern)), expectedHidden[id]);
    expect(findings.length).toBeGreaterThan(0);
    const wanted = [
      ...(variant.expectation.refused ?? []).map((r) => r.rule),
      ...variant.expectation.items.filter((i) => i.rule && i.state !== 'applied').map((i) => i.rule!),
    ];
    if (wanted.length) expect([...new Set(findings.map((f) => f.rule))].sort()).toEqual([...new Set(wanted)].sort());
  });

  it('fails a delivery the platform would hide, with the display rule', () => {
    const pattern = DELIVERY_PATTERNS.find((p) => p.id === 'undtaget-for-borger')!;
    expect(findingsFor(pattern, exampleDelivery(pattern), []).map((f) => [f.rule, f.pointer])).toEqual([
      ['UNDTAGET-FOR-BORGER', '/items/1/object/visningsklasser'],
    ]);
  });

  it('fails the wrong sender and master with the ownership rules', () => {
    const pattern = DELIVERY_PATTERNS.find((p) => p.id === 'retired-kle')!;
    const body = exampleDelivery(pattern) as { items: Array<{ object: { itSystem: Record<string, string> } }> };
    body.items[0]!.object.itSystem = { master: 'fs-other', afsender: CONTRACT_FAGSYSTEM.id };
    expect(findingsFor(pattern, body).map((f) => f.rule)).toEqual(['AUTH-NOT-MASTER']);
    body.items[0]!.object.itSystem = { master: CONTRACT_FAGSYSTEM.id, afsender: 'fs-other' };
    expect(findingsFor(pattern, body).map((f) => f.rule)).toEqual(['AUTH-AFSENDER-MISMATCH']);
  });

  it('refuses a contract version this checkout does not hold', () => {
    expect(() => loadDeliveryContract('0.0.1')).toThrow(/not recorded/);
  });
});
