import path from 'node:path';
import { aSyntheticCpr } from '@overblik/domain';

/**
 * The names and facts both sides of the overview contract share: the national orchestration layer
 * (consumer) and the overview API (provider). Provider states are named business facts; the citizens
 * they talk about are synthetic CPR numbers (born 2040 or later: no real person has them), which travel
 * only in the request body of the pact, never in a state's parameters.
 */
export const OVERVIEW_CONSUMER = 'mit-overblik-orchestration';
export const OVERVIEW_PROVIDER = 'overblik-overview-api';

/** Where the pact files are written (committed; the provider verifies the committed file). */
export const PACT_DIR = path.resolve(__dirname, '../../pacts');
export const OVERVIEW_PACT_FILE = path.join(PACT_DIR, `${OVERVIEW_CONSUMER}-${OVERVIEW_PROVIDER}.json`);

/** The municipality the contract speaks about (Testby Kommune in the provider's test reference data). */
export const CONTRACT_MUNICIPALITY_CVR = '29189846';

/** The citizens of the contract. */
export const CONTRACT_CITIZENS = {
  /** Has an open kontanthjælp case (32.24.04) with a letter, a grant and two monthly payments. */
  withOpenCase: aSyntheticCpr(7_001),
  /** Has nothing in any connected municipality. */
  withNothing: aSyntheticCpr(7_002),
  /** Has an open case like `withOpenCase`, and the orchestration layer has read the overview once. */
  withReads: aSyntheticCpr(7_003),
} as const;

/** A CPR number that is not one: wrong date and too short. */
export const NOT_A_CPR = '3213991';

/**
 * Provider states: named facts about the provider, each handled by overview.provider.pact-spec.ts. The
 * open-case states take the municipality and KLE emne as parameters; the first hands the ETag of the
 * current answer back to the pact (for the If-None-Match interaction).
 */
export const OVERVIEW_STATES = {
  openCaseWithPayments: 'a citizen has an open case with a grant and monthly payments in a connected municipality',
  nothing: 'a citizen has no case and no benefit in any connected municipality',
  overviewRead: 'the orchestration layer has read the overview of a citizen with an open case',
  tokenFromUnknownKey: 'the caller holds a token signed by a key the provider does not trust',
  tokenWithoutScope: 'the caller holds a token without the scope overview:read',
  tokenExpired: 'the caller holds a token that has expired',
  rateLimited: 'the caller has used up its call rate for now',
  assertionForAnotherCitizen: 'the citizen assertion the caller holds was issued for another citizen',
  up: 'the overview API is up',
} as const;
export type OverviewState = (typeof OVERVIEW_STATES)[keyof typeof OVERVIEW_STATES];

/** Parameters of the open-case state. */
export interface OpenCaseStateParams {
  /** CVR of a municipality connected with the seeding fagsystem. */
  kommune: string;
  /** A KLE emne the municipality has opened. */
  kle: string;
}
export const OPEN_CASE_STATE_PARAMS: OpenCaseStateParams = { kommune: CONTRACT_MUNICIPALITY_CVR, kle: '32.24.04' };

/** What the orchestration layer's tokens carry. */
export const ORCHESTRATION_TOKEN = {
  issuer: 'overblik-dev',
  audience: 'overblik-overview',
  scope: 'overview:read',
  subject: 'mit-overblik-orchestration',
} as const;

/**
 * The citizen's own login assertion (header X-Citizen-Assertion): a JWT from the login service with the
 * citizen's CPR number in the claim `cpr` and the orchestration client it was issued to in `azp`. The pact
 * holds only a placeholder; the provider verification mints a real one for the citizen in the body.
 */
export const CITIZEN_ASSERTION = {
  header: 'X-Citizen-Assertion',
  issuer: 'overblik-dev-login',
  audience: ORCHESTRATION_TOKEN.audience,
} as const;
