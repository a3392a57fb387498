import path from 'node:path';
import { aSyntheticCpr } from '@overblik/domain';
import { PACT_DIR } from '../orchestration/overview-contract';

/**
 * The version of the delivery contract. Bump it whenever an interaction of the pact changes (a pattern,
 * its provider states, its example delivery or its matchers) and record the new contract's hash in
 * pacts/contract-versions.json; contract-version.spec.ts fails until both are done.
 */
export const CONTRACT_VERSION = '1.0.0';

/** The platform's delivery handling consumes what a vendor's fagsystem sends. */
export const DELIVERY_CONSUMER = 'overblik-delivery-handling';
export const DELIVERY_PROVIDER = 'fagsystem';

export const DELIVERY_PACT_FILE = path.join(PACT_DIR, `${DELIVERY_CONSUMER}-${DELIVERY_PROVIDER}.json`);
/** Contract version → hash of the pact's interactions (canonical JSON, SHA-256). */
export const CONTRACT_VERSIONS_FILE = path.join(PACT_DIR, 'contract-versions.json');

/** The citizen of the contract's deliveries: a synthetic CPR number (born 2040 or later; no real person has it). */
export const CONTRACT_CITIZEN = aSyntheticCpr(8_001);
