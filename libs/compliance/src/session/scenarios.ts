import type { DeliveryPatternId } from '../delivery/patterns';

/** The checks that run across everything a session receives, beside one scenario per delivery pattern. */
export type SessionCheckId =
  | 'all-patterns-seen'
  | 'full-history-on-first-import'
  | 'removal-as-removal'
  | 'ordering-by-source-time'
  | 'nothing-held';

export type SessionScenarioId = DeliveryPatternId | SessionCheckId;

export interface SessionScenario {
  id: SessionScenarioId;
  /** What the vendor does in its own system, in plain words. */
  instruction: string;
  /** The delivery pattern it performs (absent for the checks across the session). */
  pattern?: DeliveryPatternId;
}

/** What to do in the fagsystem for each delivery pattern, in the order a fagsystem meets them. */
const PATTERN_INSTRUCTIONS: Record<DeliveryPatternId, string> = {
  'initial-import':
    'Connect a sygedagpenge case that already has a history (created, informed, decided) with its citizen as primary party, a second party (the employer) and its decision letter journalised, and let the system deliver it for the first time: the full fremdrift history from Opstaaet and the letter',
  'status-change': 'Move an open case on to its next state (e.g. decide it) and let the system deliver the change',
  'document-on-two-cases': 'Journalise one letter on two cases of the same citizen (e.g. sygedagpenge and opfølgning)',
  'incoming-letter': 'Receive a letter from the citizen (with its letter date) and journalise it on an open case',
  'undtaget-for-borger':
    'Create a case the citizen must not see, with Visningsklasse "undtaget for borger", and a document on it',
  'relation-removed': 'Take a letter off a case (remove the journal post) but keep the letter itself',
  'object-removed': 'Delete a case and its letter in the system, so that they are removed from the index',
  'grant-with-plan': 'Grant a benefit on a decided case, with a monthly payment plan',
  'monthly-payment-set-off':
    "Pay a month's benefit with a set-off (less paid out than after tax) and the text that explains it",
  'payment-correction': 'Correct an earlier payment period with an extra payment for the same benefit and period',
  'retired-kle': 'Deliver a case classified under a retired KLE emne (e.g. 32.24.32 Uddannelseshjælp)',
};

const PATTERN_ORDER = Object.keys(PATTERN_INSTRUCTIONS) as DeliveryPatternId[];

/** The scenarios of a session: one per delivery pattern, then the checks across the session. */
export const SESSION_SCENARIOS: readonly SessionScenario[] = [
  ...PATTERN_ORDER.map((pattern) => ({ id: pattern, pattern, instruction: PATTERN_INSTRUCTIONS[pattern] })),
  { id: 'all-patterns-seen', instruction: 'Perform every scenario above' },
  {
    id: 'full-history-on-first-import',
    instruction:
      'Every case the system delivers for the first time carries its whole fremdrift history, Opstaaet first',
  },
  {
    id: 'removal-as-removal',
    instruction: 'A deletion arrives as a removal (operation remove), never as an update with a status',
  },
  {
    id: 'ordering-by-source-time',
    instruction: "An object's tidspunkt (source time) never goes backwards from one delivery to the next",
  },
  { id: 'nothing-held', instruction: 'No text the citizen could see is held back by the safety net' },
];
