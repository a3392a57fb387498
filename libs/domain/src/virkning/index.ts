export {
  closeVirkning,
  findOverlappingVirkninger,
  hasValidPeriod,
  isInEffect,
  isOpenVirkning,
  toEpochMillis,
  virkningerOverlap,
  type Instant,
  type Virkning,
} from './virkning';
