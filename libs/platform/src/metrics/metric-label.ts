import { isSafeClientIdentifier } from '@overblik/domain';

/** The label value that stands for a client-chosen value that may not be a label. */
export const UNSAFE_LABEL = 'invalid';

/**
 * A client-chosen value (a client id from a token's `sub`) as a metric label: itself when it has the
 * identifier shape and holds no CPR-like number, else `invalid`. Never pass a raw path or header.
 */
export function clientLabel(value: unknown): string {
  return isSafeClientIdentifier(value) ? value : UNSAFE_LABEL;
}
