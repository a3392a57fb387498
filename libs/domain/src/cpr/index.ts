export {
  cprCentury,
  formatCpr,
  hasModulus11,
  InvalidCprError,
  isValidCpr,
  parseCpr,
  toCpr,
  type Cpr,
  type CprCentury,
  type CprParseFailure,
  type CprParseResult,
  type FormatCprOptions,
} from './cpr';
export { cprKey } from './cpr-key';
export {
  CPR_URN_PREFIX,
  CVR_URN_PREFIX,
  PARTY_URN_PATTERN,
  PNR_URN_PREFIX,
  cprUrn,
  cvrUrn,
  isPartyUrn,
  parsePartyUrn,
  type PartyUrn,
  type PartyUrnKind,
} from './party-urn';
export {
  CPR_HIT_REASON_MODULUS_11,
  CPR_HIT_REASON_NO_MODULUS_11,
  CPR_MASK,
  containsCprLikeNumber,
  detectCprLikeNumbers,
  maskCprLikeNumbers,
  type CprHit,
  type CprHitConfidence,
} from './cpr-like-number.detector';
export {
  CLIENT_IDENTIFIER_PATTERN,
  cprLikeNumberInQuery,
  FAGSYSTEM_ID_PATTERN,
  isSafeClientIdentifier,
  loggablePath,
  maskCprLikeNumbersInJson,
  queryHoldsCprLikeNumber,
} from './cpr-in-request';
export { KEYED_CPR_URN_PREFIX, cprUrnsIn, isPersonPartyUrn, keyedCprUrn, partyUrnKeys } from './keyed-party-urn';
