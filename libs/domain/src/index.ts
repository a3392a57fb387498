// @overblik/domain: pure rules of the citizen overview (no framework imports). Named exports only.

// CPR numbers, party URNs, the citizen key, CPR-like numbers in free text
export * from './cpr';
// decimal-string amounts (bigint inside, never floats)
export * from './money';
// fremdrift state machine and the citizen's status
export * from './status';
// delivery JSON: zod schemas, inferred types, limits
export * from './index-objects';
// delivery rules: validation with rule ids and JSON pointers, normalisation
export * from './rules';
// Visningsklasse: the code list, its accepted spellings, "Visning undtaget for borger" by day
export { UNDTAGET_FOR_BORGER } from './visningsklasse';
// test-data factories (deterministic, synthetic CPR numbers)
export {
  DEFAULT_BEVILLING_UUID,
  FACTORY_DEFAULTS,
  aBevilling,
  aDeliveryItem,
  aDokument,
  anEffektuering,
  aParty,
  aRemoveItem,
  aSag,
  aSyntheticCpr,
  aVirkning,
  resetFactorySequence,
  syntheticUuid,
} from './testing/factories';
// a display configuration and a stored citizen for tests of what is built from the rules
export * as overviewFixtures from './overview/overview.fixtures';

// safety net, ingestion planning and read-model projection
export * from './safety-net/unfit-text.scanner';
export * from './safety-net/mask-unfit-text';
export * from './safety-net/citizen-visible-texts';
export * from './safety-net/safety-net-corpus';
export * from './ingestion/apply-plan.types';
export * from './ingestion/apply-planner';
export * from './ingestion/citizen-key';
export * from './ingestion/keyed-party-urns';
export * from './read-model/citizen-overview.projection';
// the overview: display configuration, display rules in order, next payment, the answer
export * from './overview';
// the access log: purposes and the tamper-evident hash chain
export * from './audit/access-log.chain';
// canonical JSON: the same value gives the same text and hash, whatever its key order
export * from './canonical-json';
// a municipality's KLE configuration: validation of one line, diff of snapshots, impact of a draft
export * from './kle-config';
