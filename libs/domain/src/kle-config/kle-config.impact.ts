import type { CitizenOverviewDocument } from '../read-model/citizen-overview.projection';
import {
  configKey,
  type ContactPointType,
  type DisplayConfiguration,
  type KleDisplayConfig,
  kleConfigFor,
  kleTitle,
} from '../overview/display-configuration';
import { caseHiddenBy, type DisplayContext, documentHiddenBy, visibleBenefits } from '../overview/display-rules';
import type { KleConfigSnapshot } from './kle-config.types';

/** An example of a changed item: never a CPR number, only what identifies the item to an administrator. */
export interface ImpactExample {
  kle: string;
  title: string;
  /** YYYY-MM-DD: the case's opened date, the document's date, the payment's disposition date. */
  date: string | null;
}

export interface ImpactCount {
  appear: number;
  disappear: number;
  appearExamples: ImpactExample[];
  disappearExamples: ImpactExample[];
}

export interface KleConfigImpact {
  citizensConsidered: number;
  citizens: Omit<ImpactCount, 'appearExamples' | 'disappearExamples'>;
  cases: ImpactCount;
  documents: ImpactCount;
  payments: ImpactCount;
}

export const IMPACT_EXAMPLE_LIMIT = 5;

/** The display configuration with one municipality's KLE lines replaced by a snapshot (a draft's). */
export function withMunicipalitySnapshot(
  config: DisplayConfiguration,
  cvr: string,
  snapshot: KleConfigSnapshot,
  version = `${config.version}+draft`,
): DisplayConfiguration {
  const kle = new Map<string, KleDisplayConfig>();
  for (const [key, value] of config.kle) if (!key.startsWith(`${cvr}|`)) kle.set(key, value);
  for (const line of snapshot.lines)
    kle.set(configKey(cvr, line.kle), {
      ...line,
      fagsystemFilter: [...line.fagsystemFilter],
      contactPoints: line.contactPoints.map((c) => ({
        type: c.type as ContactPointType,
        value: c.value,
        label: c.label,
      })),
    });
  return { ...config, version, kle };
}

interface Visible {
  cases: Map<string, ImpactExample>;
  documents: Map<string, ImpactExample>;
  payments: Map<string, ImpactExample>;
}

function visibleOf(doc: CitizenOverviewDocument, cvr: string, ctx: DisplayContext): Visible {
  const out: Visible = { cases: new Map(), documents: new Map(), payments: new Map() };
  const hidden = new Set<string>();
  for (const sag of doc.sager) {
    if (caseHiddenBy(sag, ctx) !== null) {
      hidden.add(sag.id);
      continue;
    }
    if (sag.ownerCvr !== cvr) continue;
    const kle = kleConfigFor(ctx.config, sag.ownerCvr, sag.kle);
    const title = kle?.titleSource === 'SAG' ? sag.titel : kleTitle(ctx.config, sag.kle);
    out.cases.set(sag.id, { kle: sag.kle, title, date: sag.opstaaet.slice(0, 10) });
    for (const d of sag.dokumenter)
      if (documentHiddenBy(d, kle, ctx.today) === null)
        out.documents.set(d.id, { kle: sag.kle, title: `${d.dokumenttype} (${title})`, date: d.dato });
  }
  const benefits = visibleBenefits(doc, ctx, hidden);
  for (const { effektuering, linjer } of benefits.effektueringer) {
    if (effektuering.ownerCvr !== cvr) continue;
    const kle = linjer[0]!.kle;
    out.payments.set(effektuering.id, {
      kle,
      title: `Udbetaling (${kleTitle(ctx.config, kle)})`,
      date: effektuering.dispositionsdato,
    });
  }
  return out;
}

const emptyCount = (): ImpactCount => ({ appear: 0, disappear: 0, appearExamples: [], disappearExamples: [] });

function compare(count: ImpactCount, before: Map<string, ImpactExample>, after: Map<string, ImpactExample>): void {
  for (const [id, ex] of after)
    if (!before.has(id)) {
      count.appear++;
      if (count.appearExamples.length < IMPACT_EXAMPLE_LIMIT) count.appearExamples.push(ex);
    }
  for (const [id, ex] of before)
    if (!after.has(id)) {
      count.disappear++;
      if (count.disappearExamples.length < IMPACT_EXAMPLE_LIMIT) count.disappearExamples.push(ex);
    }
}

/**
 * What citizens of a municipality would see appear or disappear when `draft` replaces `live`: the display
 * rules run on each citizen's read model under both configurations, and only the municipality's own
 * items count. A citizen appears when nothing of the municipality was visible before and something is after.
 */
export function compareImpact(
  docs: Iterable<CitizenOverviewDocument>,
  cvr: string,
  live: DisplayConfiguration,
  draft: DisplayConfiguration,
  today: string,
): KleConfigImpact {
  const impact: KleConfigImpact = {
    citizensConsidered: 0,
    citizens: { appear: 0, disappear: 0 },
    cases: emptyCount(),
    documents: emptyCount(),
    payments: emptyCount(),
  };
  for (const doc of docs) {
    impact.citizensConsidered++;
    const before = visibleOf(doc, cvr, { config: live, today });
    const after = visibleOf(doc, cvr, { config: draft, today });
    compare(impact.cases, before.cases, after.cases);
    compare(impact.documents, before.documents, after.documents);
    compare(impact.payments, before.payments, after.payments);
    const sawBefore = before.cases.size + before.payments.size > 0;
    const seesAfter = after.cases.size + after.payments.size > 0;
    if (!sawBefore && seesAfter) impact.citizens.appear++;
    if (sawBefore && !seesAfter) impact.citizens.disappear++;
  }
  return impact;
}
