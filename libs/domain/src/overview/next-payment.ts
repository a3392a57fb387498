/** Payment-plan arithmetic on calendar days (YYYY-MM-DD, UTC calendar; no time of day involved). */

const parse = (d: string): Date => new Date(`${d}T00:00:00Z`);
const format = (d: Date): string => d.toISOString().slice(0, 10);
const lastDayOfMonth = (y: number, m: number): number => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

function addMonths(date: string, months: number): string {
  const d = parse(date);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const wasLastDay = d.getUTCDate() === lastDayOfMonth(y, m);
  const target = new Date(Date.UTC(y, m + months, 1));
  const ty = target.getUTCFullYear();
  const tm = target.getUTCMonth();
  const dayOfMonth = wasLastDay ? lastDayOfMonth(ty, tm) : Math.min(d.getUTCDate(), lastDayOfMonth(ty, tm));
  return format(new Date(Date.UTC(ty, tm, dayOfMonth)));
}

export const addDays = (date: string, days: number): string =>
  format(new Date(parse(date).getTime() + days * 86_400_000));

/** The disposal date one payment period after `date` (month ends stay month ends: 31 Jan → 28/29 Feb → 31 Mar). */
export function nextPaymentDate(date: string, frekvens: string): string | null {
  switch (frekvens) {
    case 'UGE':
      return addDays(date, 7);
    case '14DAGE':
      return addDays(date, 14);
    case 'MAANED':
      return addMonths(date, 1);
    case 'KVARTAL':
      return addMonths(date, 3);
    case 'AAR':
      return addMonths(date, 12);
    default:
      return null; // ENGANG: a one-off has no next payment
  }
}

export interface ExpectedPaymentInput {
  frekvens: string;
  /** The payments made so far for this benefit: disposal date and the last day of the period paid. */
  paid: ReadonlyArray<{ dispositionsdato: string; periodeSlut: string }>;
  /** The benefit's last day (inclusive), if it ends. */
  slutdato: string | null;
  today: string;
}

/**
 * The next expected disposal date of a benefit: one period after the payment of the latest period paid
 * (its first payment, not a later correction of it), rolled forward past
 * today (a late payment does not make the next one lie in the past). Null for one-off benefits, for a
 * benefit whose last period is paid, and for a benefit without any payment yet.
 */
export function nextExpectedPayment(input: ExpectedPaymentInput): string | null {
  // the schedule follows the payment of the latest period; a correction of a period paid before it is
  // paid later, off the schedule, and does not move it
  const last = [...input.paid]
    .sort((a, b) => a.periodeSlut.localeCompare(b.periodeSlut) || b.dispositionsdato.localeCompare(a.dispositionsdato))
    .at(-1);
  if (!last) return null;
  if (input.slutdato !== null && last.periodeSlut >= input.slutdato) return null;
  let next = nextPaymentDate(last.dispositionsdato, input.frekvens);
  for (let guard = 0; next !== null && next <= input.today && guard < 1000; guard++)
    next = nextPaymentDate(next, input.frekvens);
  if (next === null || next <= input.today) return null;
  if (input.slutdato !== null) {
    const lastDue = nextPaymentDate(input.slutdato, input.frekvens);
    if (lastDue !== null && next > lastDue) return null;
  }
  return next;
}
