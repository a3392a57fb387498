import { maskCprLikeNumbers, pointerTokens } from '@overblik/domain';

/** How a CPR number shows in a finding: never in clear. */
export const CPR_FINDING_MASK = 'DDMMYY-XXXX';

/** A text with every CPR-like number masked. */
export function maskPersonalData(text: string): string {
  return maskCprLikeNumbers(text, CPR_FINDING_MASK);
}

/** The value at a JSON pointer of a body (undefined: no such value). */
export function valueAtPointer(body: unknown, pointer: string): unknown {
  let current: unknown = body;
  for (const token of pointer ? pointerTokens(pointer) : []) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** The value a finding shows: short, and masked where it is personal data. */
export function findingValue(body: unknown, pointer: string): string | undefined {
  const value = valueAtPointer(body, pointer);
  if (value === undefined || (value !== null && typeof value === 'object')) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const short = text.length > 160 ? `${text.slice(0, 157)}…` : text;
  return maskPersonalData(short);
}
