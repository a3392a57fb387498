export { formatCpr, hasModulus11, parseCpr, type Cpr } from './cpr';
export { cprKey } from './cpr-key';
export { PARTY_URN_PATTERN, cprUrn } from './party-urn';
export { containsCprLikeNumber, detectCprLikeNumbers, maskCprLikeNumbers } from './cpr-like-number.detector';
export {
  CLIENT_IDENTIFIER_PATTERN,
  cprLikeNumberInQuery,
  FAGSYSTEM_ID_PATTERN,
  isSafeClientIdentifier,
  loggablePath,
  maskCprLikeNumbersInJson,
} from './cpr-in-request';
export { KEYED_CPR_URN_PREFIX, isPersonPartyUrn, keyedCprUrn, partyUrnKeys } from './keyed-party-urn';
