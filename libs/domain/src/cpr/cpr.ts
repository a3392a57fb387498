/**
 * Danish CPR numbers `DDMMYY-SSSS` (hyphen optional). The 7th digit with the year gives the century;
 * modulus 11 is reported but never required: since 1 October 2007 valid numbers without it exist.
 * Never log a CPR number or put it in a URL; use `cprKey`.
 */

export type CprCentury = 1800 | 1900 | 2000;

export interface Cpr {
  /** The ten digits without separator. */
  readonly digits: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly century: CprCentury;
  /** Whether the weighted digit sum (4,3,2,7,6,5,4,3,2,1) is divisible by 11. Information only. */
  readonly modulus11: boolean;
}

export type CprParseFailure = 'format' | 'date';
export type CprParseResult = { ok: true; cpr: Cpr } | { ok: false; reason: CprParseFailure };

/** Thrown for an input that is not a CPR number. Its message never contains the input. */
export class InvalidCprError extends Error {
  constructor(readonly reason: CprParseFailure) {
    super(`not a valid CPR number (${reason})`);
    this.name = 'InvalidCprError';
  }
}

const CPR_FORMAT = /^(\d{6})-?(\d{4})$/;
const MODULUS_11_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/**
 * The century of a two-digit year given the 7th digit: 0–3 → 1900s; 4 or 9 → 2000s when YY ≤ 36,
 * else 1900s; 5–8 → 2000s when YY ≤ 57, else 1800s (1858–1899).
 */
export function cprCentury(yy: number, seventhDigit: number): CprCentury {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

/** Whether ten digits pass the modulus 11 check. */
export function hasModulus11(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = MODULUS_11_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(digits[i]), 0);
  return sum % 11 === 0;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses `DDMMYYSSSS` or `DDMMYY-SSSS` (nothing else: no spaces, no other separator). */
export function parseCpr(input: string): CprParseResult {
  const m = CPR_FORMAT.exec(input);
  if (!m) return { ok: false, reason: 'format' };
  const digits = `${m[1]}${m[2]}`;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  const century = cprCentury(yy, Number(digits[6]));
  const year = century + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: 'date' };
  const birthDate = `${year}-${digits.slice(2, 4)}-${digits.slice(0, 2)}`;
  return { ok: true, cpr: { digits, birthDate, century, modulus11: hasModulus11(digits) } };
}

/** Whether the input is a CPR number with an existing birth date (modulus 11 not required). */
export function isValidCpr(input: string): boolean {
  return parseCpr(input).ok;
}

/** Parses or throws `InvalidCprError`; a `Cpr` is returned as is. */
export function toCpr(cpr: Cpr | string): Cpr {
  if (typeof cpr !== 'string') return cpr;
  const result = parseCpr(cpr);
  if (!result.ok) throw new InvalidCprError(result.reason);
  return result.cpr;
}

export interface FormatCprOptions {
  /** `DDMMYY-SSSS` when true (the default), `DDMMYYSSSS` when false. */
  separator?: boolean;
}

/** Formats a CPR number; throws `InvalidCprError` for a string that is not one. */
export function formatCpr(cpr: Cpr | string, options: FormatCprOptions = {}): string {
  const { digits } = toCpr(cpr);
  return options.separator === false ? digits : `${digits.slice(0, 6)}-${digits.slice(6)}`;
}
