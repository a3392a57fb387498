/**
 * Decimal amounts as in the delivery JSON: strings `-?[0-9]+(\.[0-9]+)?`. Internally an exact
 * integer (bigint) with a decimal scale, so no amount ever passes through a float.
 */

export const AMOUNT_PATTERN = /^-?[0-9]+(\.[0-9]+)?$/;

/** `units × 10^-scale`, e.g. 1234.50 is `{ units: 123450n, scale: 2 }`. */
export interface Amount {
  readonly units: bigint;
  readonly scale: number;
}

/** A decimal string or an already parsed amount. */
export type AmountLike = string | Amount;

/** Thrown for a string that is not a decimal amount; carries the offending text. */
export class InvalidAmountError extends Error {
  constructor(readonly input: string) {
    super(`not a decimal amount: ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`);
    this.name = 'InvalidAmountError';
  }
}

/** Whether the value is a decimal-string amount. */
export function isAmount(value: unknown): value is string {
  return typeof value === 'string' && AMOUNT_PATTERN.test(value);
}

/** Parses a decimal string exactly; throws `InvalidAmountError` for anything else (`1,5`, `1e3`, ` 1`, `+1`, `.5`). */
export function parseAmount(text: string): Amount {
  if (!isAmount(text)) throw new InvalidAmountError(text);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

function toAmount(a: AmountLike): Amount {
  return typeof a === 'string' ? parseAmount(a) : a;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

function rescale(a: Amount, scale: number): bigint {
  return a.units * pow10(scale - a.scale);
}

/** Drops trailing fractional zeros: `{ 123450n, 2 }` → `{ 12345n, 1 }`. */
export function normalizeAmount(a: AmountLike): Amount {
  let { units, scale } = toAmount(a);
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/**
 * Rounds to `decimals` places, half away from zero (0.125 → 0.13, -0.125 → -0.13), and pads to
 * exactly that scale.
 */
export function roundAmount(a: AmountLike, decimals: number): Amount {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError('decimals must be a whole number ≥ 0');
  const amount = toAmount(a);
  if (amount.scale <= decimals) return { units: rescale(amount, decimals), scale: decimals };
  const divisor = pow10(amount.scale - decimals);
  const magnitude = amount.units < 0n ? -amount.units : amount.units;
  let q = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) q += 1n;
  return { units: amount.units < 0n ? -q : q, scale: decimals };
}

function digitsOf(a: Amount): { negative: boolean; whole: string; fraction: string } {
  const negative = a.units < 0n;
  const text = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  return {
    negative: negative,
    whole: text.slice(0, text.length - a.scale),
    fraction: text.slice(text.length - a.scale),
  };
}

export interface FormatAmountOptions {
  /**
   * `canonical` (default): the delivery format, `-1234.5`. `da`: Danish display with thousands dots and
   * a decimal comma, `-1.234,50`.
   */
  style?: 'canonical' | 'da';
  /**
   * Exact number of decimals (rounded half away from zero, or padded). Default: as few as needed for
   * `canonical`, 2 for `da`.
   */
  decimals?: number;
}

/**
 * Formats an amount. Canonical form has no leading zeros, no trailing fractional zeros and no `-0`
 * (unless `decimals` asks for a fixed scale): `007.50` → `7.5`, `-0.00` → `0`.
 */
export function formatAmount(a: AmountLike, options: FormatAmountOptions = {}): string {
  const style = options.style ?? 'canonical';
  const decimals = options.decimals ?? (style === 'da' ? 2 : undefined);
  const amount = decimals === undefined ? normalizeAmount(a) : roundAmount(a, decimals);
  const { negative, whole, fraction } = digitsOf(amount);
  const isZero = amount.units === 0n;
  const sign = negative && !isZero ? '-' : '';
  if (style === 'da') {
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return `${sign}${grouped}${fraction ? `,${fraction}` : ''}`;
  }
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** -1, 0 or 1. `1.50` and `1.5` are equal. */
export function compareAmounts(a: AmountLike, b: AmountLike): -1 | 0 | 1 {
  const [x, y] = [toAmount(a), toAmount(b)];
  const scale = Math.max(x.scale, y.scale);
  const [l, r] = [rescale(x, scale), rescale(y, scale)];
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Whether two amounts are equal in value. */
export function amountsEqual(a: AmountLike, b: AmountLike): boolean {
  return compareAmounts(a, b) === 0;
}

function combine(amounts: readonly AmountLike[], sign: (i: number) => bigint): string {
  const parsed = amounts.map(toAmount);
  const scale = Math.max(0, ...parsed.map((p) => p.scale));
  const units = parsed.reduce((acc, p, i) => acc + sign(i) * rescale(p, scale), 0n);
  return formatAmount({ units, scale });
}

/** Exact sum as a canonical string: `addAmounts('0.1', '0.2')` is `'0.3'`. */
export function addAmounts(first: AmountLike, ...rest: AmountLike[]): string {
  return combine([first, ...rest], () => 1n);
}

/** Exact sum of any number of amounts; `'0'` for none. */
export function sumAmounts(amounts: Iterable<AmountLike>): string {
  return combine([...amounts], () => 1n);
}

/** Exact difference `a - b` as a canonical string. */
export function subtractAmounts(a: AmountLike, b: AmountLike): string {
  return combine([a, b], (i) => (i === 0 ? 1n : -1n));
}
