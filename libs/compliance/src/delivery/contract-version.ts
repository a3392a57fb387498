import { createHash } from 'node:crypto';
import { canonicalJson } from '@overblik/domain';

/** The parts of a pact file the contract version speaks for. */
export interface PactFileLike {
  metadata?: Record<string, unknown>;
  interactions: Array<{ description: string } & Record<string, unknown>>;
}

/**
 * The hash of a pact's interactions (SHA-256 of their canonical JSON, ordered by description): what the
 * contract says, whatever order Pact writes it in and whichever Pact version wrote it.
 */
export function contractHash(pact: PactFileLike): string {
  const interactions = [...pact.interactions].sort((a, b) =>
    a.description < b.description ? -1 : a.description > b.description ? 1 : 0,
  );
  return `sha256:${createHash('sha256').update(canonicalJson(interactions)).digest('hex')}`;
}

/** Contract version → the hash of the contract released under it (pacts/contract-versions.json). */
export type ContractVersions = Record<string, string>;

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * Why the pact and the recorded versions do not fit `version` (empty: they do). A changed contract needs a
 * new version: the current version must be recorded, be the highest recorded, be the one the pact file
 * names, and its recorded hash must be the hash of the pact's interactions; no two versions share a hash.
 */
export function contractVersionProblems(pact: PactFileLike, versions: ContractVersions, version: string): string[] {
  const hash = contractHash(pact);
  const problems: string[] = [];
  const bump = `bump CONTRACT_VERSION (libs/compliance/src/delivery/delivery-contract.ts), run compliance:pact and record "<new version>": "${hash}" in pacts/contract-versions.json; never change a recorded entry`;
  if (!SEMVER.test(version)) problems.push(`CONTRACT_VERSION ${version} is not a version like 1.2.0`);
  const bad = Object.keys(versions).filter((v) => !SEMVER.test(v));
  if (bad.length) problems.push(`recorded versions that are not versions like 1.2.0: ${bad.join(', ')}`);
  const named = (pact.metadata?.['overblik'] as { contractVersion?: unknown } | undefined)?.contractVersion;
  if (named !== version)
    problems.push(`the pact file names contract version ${String(named)}, not ${version}: run compliance:pact`);
  const recorded = versions[version];
  if (recorded === undefined) {
    problems.push(
      `contract version ${version} is not recorded: record "${version}": "${hash}" in pacts/contract-versions.json`,
    );
  } else if (recorded !== hash) {
    problems.push(`the contract changed since version ${version} was recorded (${recorded}, now ${hash}): ${bump}`);
  }
  const higher = Object.keys(versions).filter(
    (v) => SEMVER.test(v) && SEMVER.test(version) && compareVersions(v, version) > 0,
  );
  if (higher.length) problems.push(`CONTRACT_VERSION ${version} is older than the recorded ${higher.join(', ')}`);
  const byHash = new Map<string, string[]>();
  for (const [v, h] of Object.entries(versions)) byHash.set(h, [...(byHash.get(h) ?? []), v]);
  for (const vs of byHash.values())
    if (vs.length > 1)
      problems.push(`versions ${vs.join(', ')} record the same contract: a version is bumped for a change`);
  return problems;
}
