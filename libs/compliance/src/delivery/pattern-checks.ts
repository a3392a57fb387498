import { compareAmounts, type OverviewSag, type OverviewUdbetaling } from '@overblik/domain';
import type { CitizenView, DeliveryOutcome, ItemState, MappedValue } from './delivery-handling';
import type { StoredIds } from './in-memory-index';

/** What the platform must do with one delivered item. */
export interface ItemExpectation {
  state: ItemState;
  /** The rule that decided (absent: none, as for a plain apply). */
  rule?: string;
  /** JSON pointer into the delivery body of the field the rule points at. */
  pointer?: string;
  /** Values a rule replaced (default: none). */
  mapped?: MappedValue[];
}

/** One thing the citizen must (or must not) see afterwards; `failures` is empty when it holds. */
export interface CitizenCheck {
  description: string;
  failures(view: CitizenView): string[];
}

/** What the platform checks after a delivery: each item's outcome and what the citizen sees. */
export interface PatternExpectation {
  summary: string;
  /** The delivery is refused whole at intake with these violations (then `items` is empty). */
  refused?: Array<{ rule: string; pointer: string }>;
  items: ItemExpectation[];
  citizen: CitizenCheck[];
}

/** Every way the outcome and the citizen's view differ from the expectation (empty: it holds). */
export function expectationFailures(
  expectation: PatternExpectation,
  outcome: DeliveryOutcome,
  view: CitizenView,
): string[] {
  const failures: string[] = [];
  if (!outcome.accepted) {
    const got = outcome.violations.map((x) => `${x.rule} at ${x.pointer}`).join(', ');
    const want = (expectation.refused ?? []).map((x) => `${x.rule} at ${x.pointer}`).join(', ');
    if (!expectation.refused || got !== want)
      failures.push(`the delivery was refused at intake (${outcome.problem}: ${got})`);
  } else if (expectation.refused) {
    failures.push('the delivery was accepted, but it must be refused at intake');
  }
  if (!outcome.accepted) return [...failures, ...citizenFailures(expectation, view)];
  if (outcome.items.length !== expectation.items.length)
    failures.push(`expected ${expectation.items.length} item outcomes, got ${outcome.items.length}`);
  expectation.items.forEach((want, i) => {
    const got = outcome.items[i];
    if (!got) return;
    const describe = (o: { state: string; rule?: string; pointer?: string }) =>
      [o.state, o.rule ?? '', o.pointer ?? ''].filter(Boolean).join(' ');
    if (
      got.state !== want.state ||
      got.rule !== want.rule ||
      (want.pointer !== undefined && got.pointer !== want.pointer)
    )
      failures.push(
        `item ${i}: expected ${describe(want)}, got ${describe(got)}${got.message ? ` (${got.message})` : ''}`,
      );
    const mapped = JSON.stringify(want.mapped ?? []);
    if (JSON.stringify(got.mapped) !== mapped)
      failures.push(`item ${i}: expected mapped values ${mapped}, got ${JSON.stringify(got.mapped)}`);
  });
  return [...failures, ...citizenFailures(expectation, view)];
}

function citizenFailures(expectation: PatternExpectation, view: CitizenView): string[] {
  return expectation.citizen.flatMap((check) => check.failures(view).map((f) => `${check.description}: ${f}`));
}

const shownSager = (view: CitizenView): OverviewSag[] => view.kommuner.flatMap((k) => k.sager);
const shownPayments = (view: CitizenView): OverviewUdbetaling[] => view.kommuner.flatMap((k) => k.ydelser.udbetalinger);

export interface ShownSag {
  kle: string;
  /** The status code of the national value list. */
  status: 1 | 2 | 3 | 4 | 5;
  /** The status codes of the timeline, oldest first. */
  timeline?: number[];
  /** The documents shown on the case, by type and date. */
  dokumenter?: Array<{ type: string; dato: string | null }>;
}

/** The citizen sees a case of this KLE emne in this municipality, as described. */
export function sagShown(cvr: string, want: ShownSag): CitizenCheck {
  return {
    description: `the citizen sees the ${want.kle} case in ${cvr} with status ${want.status}`,
    failures: (view) => {
      const sager = view.kommuner.find((k) => k.cvr === cvr)?.sager.filter((s) => s.kle.nummer === want.kle) ?? [];
      if (sager.length !== 1) return [`${sager.length} such cases shown`];
      const s = sager[0]!;
      const out: string[] = [];
      if (s.status.kode !== want.status) out.push(`status ${s.status.kode}`);
      const timeline = s.statusforloeb.map((t) => t.kode);
      if (want.timeline && JSON.stringify(timeline) !== JSON.stringify(want.timeline))
        out.push(`timeline ${JSON.stringify(timeline)}`);
      const docs = s.dokumenter.map((d) => ({ type: d.type, dato: d.dato }));
      if (want.dokumenter && JSON.stringify(docs) !== JSON.stringify(want.dokumenter))
        out.push(`documents ${JSON.stringify(docs)}`);
      return out;
    },
  };
}

/** The citizen sees exactly this many cases. */
export function sagerShown(count: number): CitizenCheck {
  return {
    description: `the citizen sees ${count} case(s)`,
    failures: (view) => {
      const n = shownSager(view).length;
      return n === count ? [] : [`${n} shown`];
    },
  };
}

/** The two cases show one and the same document. */
export function documentSharedBy(kles: [string, string]): CitizenCheck {
  return {
    description: `the ${kles[0]} and ${kles[1]} cases show the same document`,
    failures: (view) => {
      const ids = kles.map(
        (kle) =>
          shownSager(view)
            .find((s) => s.kle.nummer === kle)
            ?.dokumenter.map((d) => d.id) ?? [],
      );
      const shared = ids[0]!.filter((id) => ids[1]!.includes(id));
      return shared.length === 1 ? [] : [`documents ${JSON.stringify(ids)}`];
    },
  };
}

/** A case the citizen has is stored but not shown, hidden by this display rule. */
export function sagHiddenBy(rule: string): CitizenCheck {
  return {
    description: `a stored case is hidden by ${rule}`,
    failures: (view) => {
      const rules = view.hiddenSager.map((h) => h.rule);
      return rules.length === 1 && rules[0] === rule ? [] : [`hidden by ${JSON.stringify(rules)}`];
    },
  };
}

/** The citizen's answer does not hold this text anywhere (e.g. a caseworker's name). */
export function textNotShown(text: string, what: string): CitizenCheck {
  return {
    description: `the citizen does not see ${what}`,
    failures: (view) => (JSON.stringify(view.kommuner).includes(text) ? ['it is in the answer'] : []),
  };
}

/** The grants shown, each with the frequencies of its benefits' payment plans (null: no plan). */
export function grantsShown(grants: Array<{ frekvenser: Array<string | null> }>): CitizenCheck {
  return {
    description: `the citizen sees ${grants.length} grant(s)`,
    failures: (view) => {
      const got = view.kommuner.flatMap((k) =>
        k.ydelser.bevillinger.map((b) => ({ frekvenser: b.ydelser.map((y) => y.betalingsplan?.frekvens ?? null) })),
      );
      return JSON.stringify(got) === JSON.stringify(grants) ? [] : [`grants ${JSON.stringify(got)}`];
    },
  };
}

/** The read model holds a grant with this many granted benefits (shown or not). */
export function grantStored(ydelser: number): CitizenCheck {
  return {
    description: `the read model holds the grant with ${ydelser} granted benefit(s)`,
    failures: (view) => {
      const got = (view.readModel?.bevillinger ?? []).map((b) => b.ydelser.length);
      return got.length === 1 && got[0] === ydelser ? [] : [`grants with ${JSON.stringify(got)} benefits`];
    },
  };
}

export interface ShownPayment {
  periodeStart: string;
  periodeSlut: string;
  /** How many texts explain a difference. */
  forklaringer: number;
  /** The amount paid is less than the gross amount after tax (a set-off). */
  setOff?: boolean;
}

/** The payments the citizen sees, newest first. */
export function paymentsShown(payments: ShownPayment[]): CitizenCheck {
  return {
    description: `the citizen sees ${payments.length} payment(s)`,
    failures: (view) => {
      const got = shownPayments(view).map((p) => {
        const shown: ShownPayment = {
          periodeStart: p.periodeStart,
          periodeSlut: p.periodeSlut,
          forklaringer: p.forklaringer.length,
        };
        return payments.some((w) => w.setOff !== undefined)
          ? { ...shown, setOff: compareAmounts(p.udbetaltBeloeb, p.beloebEfterSkat) < 0 }
          : shown;
      });
      return JSON.stringify(got) === JSON.stringify(payments) ? [] : [`payments ${JSON.stringify(got)}`];
    },
  };
}

/** The citizen's next payment (null: none expected). */
export function nextPayment(want: { dato: string; beloeb: string } | null): CitizenCheck {
  return {
    description: want ? `the next payment is ${want.beloeb} on ${want.dato}` : 'no next payment is shown',
    failures: (view) => {
      const got = view.naesteUdbetaling && { dato: view.naesteUdbetaling.dato, beloeb: view.naesteUdbetaling.beloeb };
      return JSON.stringify(got) === JSON.stringify(want) ? [] : [`next payment ${JSON.stringify(got)}`];
    },
  };
}

/** How many objects of each kind the index stores for the citizen. */
export function stored(counts: { [K in keyof StoredIds]: number }): CitizenCheck {
  return {
    description: `the index stores ${Object.entries(counts)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
    failures: (view) => {
      const got = Object.fromEntries(Object.entries(view.stored).map(([k, ids]) => [k, ids.length]));
      return JSON.stringify(got) === JSON.stringify(counts) ? [] : [`stored ${JSON.stringify(got)}`];
    },
  };
}
