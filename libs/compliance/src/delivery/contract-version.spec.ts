import { readFileSync } from 'node:fs';
import { MatchersV3 } from '@pact-foundation/pact';
import { CONTRACT_VERSION, CONTRACT_VERSIONS_FILE, DELIVERY_PACT_FILE } from './delivery-contract';
import { canonicalJson } from '@overblik/domain';
import { type ContractVersions, contractHash, contractVersionProblems, type PactFileLike } from './contract-version';
import { DELIVERY_PATTERNS } from './patterns';

interface MessageInteraction {
  description: string;
  providerStates: Array<{ name: string; params?: Record<string, string> }>;
  contents: { content: unknown };
  metadata: Record<string, unknown>;
}

const readPact = (): {
  metadata?: Record<string, unknown>;
  interactions: Array<MessageInteraction & Record<string, unknown>>;
} => JSON.parse(readFileSync(DELIVERY_PACT_FILE, 'utf8'));
const readVersions = (): ContractVersions => JSON.parse(readFileSync(CONTRACT_VERSIONS_FILE, 'utf8'));

describe('the checked-in delivery contract', () => {
  it('is the contract recorded for CONTRACT_VERSION', () => {
    // a failure here names what to do: bump CONTRACT_VERSION and record the new contract's hash
    expect(contractVersionProblems(readPact(), readVersions(), CONTRACT_VERSION)).toEqual([]);
  });

  it('holds the catalogue as it is (else run compliance:pact)', () => {
    const byDescription = new Map(readPact().interactions.map((i) => [i.description, i]));
    expect([...byDescription.keys()].sort()).toEqual(DELIVERY_PATTERNS.map((p) => p.description).sort());
    for (const pattern of DELIVERY_PATTERNS) {
      const interaction = byDescription.get(pattern.description)!;
      expect({
        id: pattern.id,
        states: interaction.providerStates.map((s) => ({ name: s.name, params: s.params ?? {} })),
        content: interaction.contents.content,
        metadata: interaction.metadata,
      }).toEqual({
        id: pattern.id,
        states: pattern.providerStates,
        content: MatchersV3.reify(pattern.delivery),
        metadata: { contentType: 'application/json', pattern: pattern.id, contractVersion: CONTRACT_VERSION },
      });
    }
  });
});

describe('the contract version check', () => {
  const pact = readPact();
  const recorded: ContractVersions = { [CONTRACT_VERSION]: contractHash(pact) };
  const changed = (): PactFileLike => {
    const copy = structuredClone(pact);
    (copy.interactions[0]!.providerStates as Array<{ name: string }>)[0]!.name += ' (changed)';
    return copy;
  };
  const named = (p: PactFileLike, version: string): PactFileLike => ({
    ...p,
    metadata: { ...p.metadata, overblik: { contractVersion: version } },
  });

  it.each<[string, () => [PactFileLike, ContractVersions, string], RegExp | null]>([
    ['the recorded contract', () => [pact, recorded, CONTRACT_VERSION], null],
    [
      'the same contract with its keys and interactions in another order',
      () => [
        { ...pact, interactions: [...pact.interactions].reverse().map((i) => JSON.parse(canonicalJson(i))) },
        recorded,
        CONTRACT_VERSION,
      ],
      null,
    ],
    [
      'a changed interaction under the same version',
      () => [changed(), recorded, CONTRACT_VERSION],
      /the contract changed since version .* bump CONTRACT_VERSION/,
    ],
    [
      'a changed interaction under a new version that is not recorded',
      () => [named(changed(), '1.1.0'), recorded, '1.1.0'],
      /contract version 1\.1\.0 is not recorded/,
    ],
    [
      'a changed interaction under a new recorded version',
      () => [named(changed(), '1.1.0'), { ...recorded, '1.1.0': contractHash(changed()) }, '1.1.0'],
      null,
    ],
    [
      'a new version for an unchanged contract',
      () => [named(pact, '1.1.0'), { ...recorded, '1.1.0': contractHash(pact) }, '1.1.0'],
      /record the same contract/,
    ],
    [
      'a version older than one recorded',
      () => [pact, { ...recorded, '2.0.0': 'sha256:0' }, CONTRACT_VERSION],
      /is older than the recorded 2\.0\.0/,
    ],
    [
      'a pact file written under another version',
      () => [named(pact, '0.9.0'), recorded, CONTRACT_VERSION],
      /the pact file names contract version 0\.9\.0/,
    ],
  ])('%s', (_what, input, problem) => {
    const problems = contractVersionProblems(...input());
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toMatch(problem);
  });
});
