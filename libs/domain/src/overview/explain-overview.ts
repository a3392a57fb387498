import type { CitizenOverviewDocument } from '../read-model/citizen-overview.projection';
import { RULE_CATALOGUE, type RuleId } from '../rules/catalogue';
import { type DisplayConfiguration, kleConfigFor } from './display-configuration';
import { caseHiddenBy, type DisplayContext, documentHiddenBy, visibleBenefits } from './display-rules';
import { buildOverview } from './overview.builder';
import type { OverviewResponse } from './overview.types';

/** The configuration line a decision rests on: the municipality, and where it applies the KLE emne and field. */
export interface ConfigurationLine {
  kommune: string;
  kle: string | null;
  felt: string | null;
}

/** Why one stored record is or is not in the citizen's answer. */
export interface OverviewExplanation {
  objectType: 'sag' | 'dokument' | 'bevilling' | 'effektuering';
  id: string;
  vises: boolean;
  /** The first display rule that hid it (null when shown). */
  regel: RuleId | null;
  /** The rule's Danish text (null when shown). */
  tekst: string | null;
  konfiguration: ConfigurationLine;
}

/** Which configuration field a rule reads (null: the rule reads the record, not the configuration). */
const FIELD_OF: Partial<Record<RuleId, string>> = {
  CONNECTED: 'tilslutning.status',
  'KLE-OPENED': 'kle.vises',
  'FAGSYSTEM-FILTER': 'kle.fagsystemfilter',
  'FRA-DATO': 'kle.fraDato',
  'DOCUMENT-TITLES-OFF': 'kle.dokumenttitler',
  'BEVILLING-YDELSE-OPENED': 'kle.vises',
  'EFFEKTUERING-LINJE-OPENED': 'kle.vises',
  'EMERGENCY-HIDDEN': 'noedstop',
};

function explanation(
  objectType: OverviewExplanation['objectType'],
  id: string,
  rule: RuleId | null,
  kommune: string,
  kle: string | null,
): OverviewExplanation {
  return {
    objectType,
    id,
    vises: rule === null,
    regel: rule,
    tekst: rule === null ? null : RULE_CATALOGUE[rule].da,
    konfiguration: { kommune, kle, felt: rule === null ? null : (FIELD_OF[rule] ?? null) },
  };
}

/**
 * "Vis som borger": what the overview answers for a citizen's read model, and for every stored case,
 * document, grant and payment whether it is shown or the display rule that hid it, in Danish, with the
 * configuration line (municipality, KLE emne, field) it rests on. The same rules as buildOverview, so the
 * explanation never disagrees with the answer.
 */
export function explainOverview(
  doc: CitizenOverviewDocument | null,
  config: DisplayConfiguration,
  today: string,
): { answer: OverviewResponse; explanations: OverviewExplanation[] } {
  const ctx: DisplayContext = { config, today };
  const answer = buildOverview(doc, ctx).response;
  const explanations: OverviewExplanation[] = [];
  if (!doc) return { answer, explanations };
  const hiddenCases = new Set<string>();
  for (const sag of doc.sager) {
    const rule = caseHiddenBy(sag, ctx);
    if (rule) hiddenCases.add(sag.id);
    explanations.push(explanation('sag', sag.id, rule, sag.ownerCvr, sag.kle));
    const kle = kleConfigFor(config, sag.ownerCvr, sag.kle);
    for (const dok of sag.dokumenter) {
      const docRule: RuleId | null =
        rule !== null ? rule : documentHiddenBy(dok, kle, today, { config, cvr: sag.ownerCvr });
      explanations.push(explanation('dokument', dok.id, docRule, sag.ownerCvr, sag.kle));
    }
  }
  const benefits = visibleBenefits(doc, ctx, hiddenCases);
  const hiddenBy = new Map(benefits.hidden.map((h) => [`${h.objectType}|${h.id}`, h.rule]));
  for (const b of doc.bevillinger)
    explanations.push(
      explanation('bevilling', b.id, hiddenBy.get(`bevilling|${b.id}`) ?? null, b.ownerCvr, b.ydelser[0]?.kle ?? null),
    );
  for (const e of doc.effektueringer)
    explanations.push(
      explanation(
        'effektuering',
        e.id,
        hiddenBy.get(`effektuering|${e.id}`) ?? null,
        e.ownerCvr,
        e.linjer[0]?.kle ?? null,
      ),
    );
  return { answer, explanations };
}
