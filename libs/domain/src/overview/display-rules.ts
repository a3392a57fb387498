import type { CitizenOverviewDocument } from '../read-model/citizen-overview.projection';
import type { RuleId } from '../rules/catalogue';
import { isExemptOn } from '../visningsklasse';
import {
  type DisplayConfiguration,
  emergencyHideOf,
  isConnected,
  type KleDisplayConfig,
  kleConfigFor,
} from './display-configuration';

export type StoredSag = CitizenOverviewDocument['sager'][number];
export type StoredDokument = StoredSag['dokumenter'][number];
export type StoredBevilling = CitizenOverviewDocument['bevillinger'][number];
export type StoredEffektuering = CitizenOverviewDocument['effektueringer'][number];

export interface DisplayContext {
  config: DisplayConfiguration;
  /** Today in Danish time, YYYY-MM-DD. */
  today: string;
}

/** A case-level display rule of DOMAIN.md §3. The rules run in the order of CASE_RULES; the first that fails hides the case. */
export interface CaseRule {
  id: RuleId;
  description: string;
  passes(sag: StoredSag, ctx: DisplayContext, kle: KleDisplayConfig | undefined): boolean;
}

const day = (instant: string): string => instant.slice(0, 10);

/** Statuses 4 Afsluttet and 5 Afvist end a case; anything else is active. */
export const isActiveCase = (sag: StoredSag): boolean => sag.status.code !== 4 && sag.status.code !== 5;

/** What the safety net holds on a case itself (a held journal-post title only hides that document). */
const holdsCaseText = (sag: StoredSag): boolean =>
  sag.held.some((pointer) => !pointer.startsWith('/object/journalposter/'));

export const CASE_RULES: readonly CaseRule[] = [
  {
    id: 'EMERGENCY-HIDDEN',
    description: 'Nothing an emergency stop of the municipality hides (the KLE emne, the fagsystem or the case)',
    passes: (sag, ctx) =>
      emergencyHideOf(ctx.config, sag.ownerCvr, { id: sag.id, fagsystem: sag.fagsystem, kle: [sag.kle] }) === null,
  },
  {
    id: 'PRIMARY-CPR-PARTY',
    description: 'Only cases where the citizen is primary party, registered on a CPR URN',
    passes: (sag) => sag.primaryPartyIsCpr,
  },
  {
    id: 'CONNECTED',
    description: "Only from a municipality connected with the case's fagsystem (connection not suspended)",
    passes: (sag, ctx) =>
      ctx.config.municipalities.has(sag.ownerCvr) && isConnected(ctx.config, sag.ownerCvr, sag.fagsystem),
  },
  {
    id: 'KLE-OPENED',
    description: 'Only KLE emner the municipality has opened',
    passes: (_sag, _ctx, kle) => kle?.shown === true,
  },
  {
    id: 'FAGSYSTEM-FILTER',
    description: 'Only the fagsystems the municipality chose for the KLE emne (no filter: every connected one)',
    passes: (sag, _ctx, kle) => !kle || kle.fagsystemFilter.length === 0 || kle.fagsystemFilter.includes(sag.fagsystem),
  },
  {
    id: 'FRA-DATO',
    description:
      'Created (first Opstaaet) on or after the fra-dato, or still active where the municipality keeps active cases',
    passes: (sag, _ctx, kle) =>
      !kle || day(sag.opstaaet) >= kle.fraDato || (kle.activeCaseOverride && isActiveCase(sag)),
  },
  {
    id: 'UNDTAGET-FOR-BORGER',
    description: 'Nothing with Visningsklasse "undtaget for borger" on the day of the answer',
    passes: (sag, ctx) => !isExemptOn(sag.undtagetForBorger, ctx.today),
  },
  {
    id: 'SAFETY-NET',
    description: 'Nothing the safety net holds',
    passes: (sag) => !holdsCaseText(sag),
  },
];

/** The id of the first rule that hides the case, or null when the citizen sees it. */
export function caseHiddenBy(sag: StoredSag, ctx: DisplayContext): RuleId | null {
  const kle = kleConfigFor(ctx.config, sag.ownerCvr, sag.kle);
  for (const rule of CASE_RULES) if (!rule.passes(sag, ctx, kle)) return rule.id;
  return null;
}

const LETTER_STATES: Record<string, ReadonlySet<string>> = {
  'Brev, indgaaende': new Set(['Modtaget', 'Endeligt']),
  'Brev, udgaaende': new Set(['Endeligt']),
};

/**
 * Document titles: only where the municipality shows them for the emne, only letters (incoming ones once
 * received, outgoing ones once final), never "undtaget for borger" on `today`, never a held title.
 */
export function documentHiddenBy(
  dok: StoredDokument,
  kle: KleDisplayConfig | undefined,
  today: string,
  emergency?: { config: DisplayConfiguration; cvr: string },
): RuleId | null {
  if (emergency && emergencyHideOf(emergency.config, emergency.cvr, { id: dok.id }) !== null) return 'EMERGENCY-HIDDEN';
  if (!kle?.documentTitles) return 'DOCUMENT-TITLES-OFF';
  if (!LETTER_STATES[dok.dokumenttype]?.has(dok.tilstand)) return 'DOCUMENT-NOT-A-FINAL-LETTER';
  if (isExemptOn(dok.undtagetForBorger, today)) return 'UNDTAGET-FOR-BORGER';
  if (dok.held) return 'SAFETY-NET';
  return null;
}

/** A grant or payment the citizen does not see, with the display rule that hid it (see RULE_CATALOGUE). */
export interface HiddenBenefit {
  objectType: 'bevilling' | 'effektuering';
  id: string;
  rule: BenefitRuleId;
}

export type BenefitRuleId = Extract<
  RuleId,
  | 'SAFETY-NET'
  | 'EMERGENCY-HIDDEN'
  | 'BEVILLING-SAG-HIDDEN'
  | 'CONNECTED'
  | 'BEVILLING-YDELSE-OPENED'
  | 'BEVILLING-EFFEKTUERING-SHOWN'
  | 'EFFEKTUERING-LINJE-OPENED'
>;

export interface VisibleBenefits {
  bevillinger: Array<{ bevilling: StoredBevilling; ydelser: StoredBevilling['ydelser'] }>;
  effektueringer: Array<{ effektuering: StoredEffektuering; linjer: StoredEffektuering['linjer'] }>;
  /** Every grant and payment not shown, each with the first rule that hid it. */
  hidden: HiddenBenefit[];
}

/**
 * Grants and payments (DOMAIN.md §3): a grant is shown if at least one of its granted benefits has an
 * opened KLE and at least one payment passes (BEVILLING-YDELSE-OPENED, BEVILLING-EFFEKTUERING-SHOWN); a
 * payment is shown if its line KLE is opened and a linked grant passes (EFFEKTUERING-LINJE-OPENED). Both
 * also need a connected fagsystem (CONNECTED), the emne's fagsystem filter, nothing held (SAFETY-NET),
 * and a grant a case that is not hidden (BEVILLING-SAG-HIDDEN: a grant on a hidden case is hidden with
 * it). The fra-dato applies to the benefit's start, with the same active override as cases (an unended
 * benefit is active).
 */
export function visibleBenefits(
  doc: CitizenOverviewDocument,
  ctx: DisplayContext,
  hiddenCaseIds: ReadonlySet<string>,
): VisibleBenefits {
  const hidden: HiddenBenefit[] = [];
  const hide = (objectType: HiddenBenefit['objectType'], id: string, rule: BenefitRuleId): void => {
    hidden.push({ objectType, id, rule });
  };
  const opened = (cvr: string, kleNr: string, fagsystem: string): KleDisplayConfig | undefined => {
    const kle = kleConfigFor(ctx.config, cvr, kleNr);
    if (!kle?.shown) return undefined;
    if (kle.fagsystemFilter.length && !kle.fagsystemFilter.includes(fagsystem)) return undefined;
    return kle;
  };
  const grantCandidates = new Map<string, { bevilling: StoredBevilling; ydelser: StoredBevilling['ydelser'] }>();
  for (const b of doc.bevillinger) {
    if (b.held.length) hide('bevilling', b.id, 'SAFETY-NET');
    else if (
      emergencyHideOf(ctx.config, b.ownerCvr, { id: b.id, fagsystem: b.fagsystem, kle: b.ydelser.map((y) => y.kle) })
    )
      hide('bevilling', b.id, 'EMERGENCY-HIDDEN');
    else if (hiddenCaseIds.has(b.sagId)) hide('bevilling', b.id, 'BEVILLING-SAG-HIDDEN');
    else if (!isConnected(ctx.config, b.ownerCvr, b.fagsystem)) hide('bevilling', b.id, 'CONNECTED');
    else {
      const ydelser = b.ydelser.filter((y) => {
        const kle = opened(b.ownerCvr, y.kle, b.fagsystem);
        if (!kle || emergencyHideOf(ctx.config, b.ownerCvr, { id: y.id, kle: [y.kle] })) return false;
        const ended = (y.slutdato ?? b.slutdato ?? '9999-12-31') < ctx.today;
        return y.startdato >= kle.fraDato || (kle.activeCaseOverride && !ended);
      });
      if (ydelser.length) grantCandidates.set(b.id, { bevilling: b, ydelser });
      else hide('bevilling', b.id, 'BEVILLING-YDELSE-OPENED');
    }
  }
  const paid = new Set<string>();
  const effektueringer: VisibleBenefits['effektueringer'] = [];
  for (const e of doc.effektueringer) {
    if (e.held.length) {
      hide('effektuering', e.id, 'SAFETY-NET');
      continue;
    }
    if (
      emergencyHideOf(ctx.config, e.ownerCvr, { id: e.id, fagsystem: e.fagsystem, kle: e.linjer.map((l) => l.kle) })
    ) {
      hide('effektuering', e.id, 'EMERGENCY-HIDDEN');
      continue;
    }
    if (!isConnected(ctx.config, e.ownerCvr, e.fagsystem)) {
      hide('effektuering', e.id, 'CONNECTED');
      continue;
    }
    const linjer = e.linjer.filter(
      (l) =>
        grantCandidates.has(l.bevillingUuid) &&
        opened(e.ownerCvr, l.kle, e.fagsystem) &&
        !emergencyHideOf(ctx.config, e.ownerCvr, { id: '', kle: [l.kle] }),
    );
    if (!linjer.length) {
      hide('effektuering', e.id, 'EFFEKTUERING-LINJE-OPENED');
      continue;
    }
    for (const l of linjer) paid.add(l.bevillingUuid);
    effektueringer.push({ effektuering: e, linjer });
  }
  const bevillinger = [...grantCandidates.values()].filter((g) => paid.has(g.bevilling.id));
  for (const g of grantCandidates.values())
    if (!paid.has(g.bevilling.id)) hide('bevilling', g.bevilling.id, 'BEVILLING-EFFEKTUERING-SHOWN');
  return { bevillinger, effektueringer, hidden };
}
