export {
  AFGOERELSES_KODER,
  CITIZEN_STATUSES,
  citizenStatus,
  citizenStatusOf,
  statusTimeline,
  type AfgoerelseInput,
  type AfgoerelsesKode,
  type CitizenStatus,
  type CitizenStatusCode,
  type CitizenStatusEntry,
  type CitizenStatusLabel,
} from './citizen-status';
export {
  FREMDRIFT_TILSTANDE,
  canTransition,
  currentState,
  firstOpstaaet,
  fremdriftRank,
  sortFremdrift,
  type FremdriftEntry,
  type FremdriftTilstand,
} from './fremdrift.state-machine';
