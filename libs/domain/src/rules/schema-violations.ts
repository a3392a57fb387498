import type { z } from 'zod';
import { FORMAT_RULES } from '../index-objects/common.schema';
import { AMOUNT_FIELDS } from '../index-objects/index-object.constants';
import { jsonPointer, type RuleViolation } from './rule-violation';

type Issue = z.core.$ZodIssue;

const MISSING = Symbol('missing');

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key))
      return MISSING;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const FORMAT_MESSAGES: Record<string, string> = {
  date: 'expected a date YYYY-MM-DD',
  datetime: 'expected an ISO 8601 date-time with Z or an offset',
  guid: 'expected a UUID',
};

function violation(rule: string, path: ReadonlyArray<PropertyKey>, prefix: string, message: string): RuleViolation {
  return { rule, pointer: jsonPointer(path, prefix), message, severity: 'error' };
}

/**
 * Turns zod issues into violations with a rule id and the JSON pointer of the field. Pass the parsed
 * `input` when at hand: it tells a missing field (SCHEMA-REQUIRED) from a wrong one for certain;
 * without it the message decides. Pattern failures get the pattern's own rule (PARTY-URN,
 * AMOUNT-DECIMAL, KLE-FORMAT), too-long texts LENGTH, an amount sent as a JSON number AMOUNT-DECIMAL.
 */
export function schemaViolations(error: z.ZodError | readonly Issue[], prefix = '', input?: unknown): RuleViolation[] {
  const issues = Array.isArray(error) ? (error as readonly Issue[]) : (error as z.ZodError).issues;
  return issues.flatMap((issue) => fromIssue(issue, [], prefix, input));
}

function isMissing(issue: Issue, path: ReadonlyArray<PropertyKey>, input: unknown): boolean {
  if (input !== undefined) {
    const value = valueAt(input, path);
    return value === MISSING || value === undefined;
  }
  return issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
}

function fromIssue(issue: Issue, base: ReadonlyArray<PropertyKey>, prefix: string, input: unknown): RuleViolation[] {
  const path = [...base, ...issue.path];
  const last = path.at(-1);
  switch (issue.code) {
    case 'invalid_type':
      if (isMissing(issue, path, input)) return [violation('SCHEMA-REQUIRED', path, prefix, 'required')];
      if (typeof last === 'string' && AMOUNT_FIELDS.has(last))
        return [violation('AMOUNT-DECIMAL', path, prefix, 'expected a decimal string like 1234.50')];
      return [violation('SCHEMA-TYPE', path, prefix, `expected ${issue.expected}`)];
    case 'invalid_value':
      return [
        violation(
          'SCHEMA-ENUM',
          path,
          prefix,
          `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        ),
      ];
    case 'invalid_union': {
      if (issue.errors.length === 0) {
        const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
        if (options.length && isMissing(issue, path, input))
          return [violation('SCHEMA-REQUIRED', path, prefix, 'required')];
        if (options.length)
          return [
            violation(
              'SCHEMA-ENUM',
              path,
              prefix,
              `expected one of ${options.map((v) => JSON.stringify(v)).join(', ')}`,
            ),
          ];
        return [violation('SCHEMA-INVALID', path, prefix, issue.message)];
      }
      // the union member that came closest: fewest issues, the first one on a tie
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      return closest.flatMap((nested) => fromIssue(nested, path, prefix, input));
    }
    case 'too_big':
      if (issue.origin === 'string')
        return [violation('LENGTH', path, prefix, `at most ${String(issue.maximum)} characters`)];
      if (issue.origin === 'array')
        return [violation('SCHEMA-CARDINALITY', path, prefix, `at most ${String(issue.maximum)} elements`)];
      return [violation('SCHEMA-INVALID', path, prefix, issue.message)];
    case 'too_small':
      if (issue.origin === 'string') return [violation('SCHEMA-EMPTY', path, prefix, 'must not be empty')];
      if (issue.origin === 'array')
        return [violation('SCHEMA-CARDINALITY', path, prefix, `at least ${String(issue.minimum)} element(s)`)];
      return [violation('SCHEMA-INVALID', path, prefix, issue.message)];
    case 'invalid_format': {
      const known =
        'pattern' in issue && typeof issue.pattern === 'string' ? FORMAT_RULES.get(issue.pattern) : undefined;
      if (known) return [violation(known.rule, path, prefix, known.message)];
      return [
        violation('SCHEMA-FORMAT', path, prefix, FORMAT_MESSAGES[issue.format] ?? `expected format ${issue.format}`),
      ];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => violation('SCHEMA-UNKNOWN-KEY', [...path, key], prefix, 'unknown field'));
    case 'custom': {
      const rule = issue.params?.['rule'];
      return [violation(typeof rule === 'string' ? rule : 'SCHEMA-INVALID', path, prefix, issue.message)];
    }
    default:
      return [violation('SCHEMA-INVALID', path, prefix, issue.message)];
  }
}
