/**
 * Shape matching of a message body against a pact interaction's example and matching rules (Pact V4
 * `matchingRules.body`), as the Pact verifier does for message providers: every key of the example must be
 * there (extra keys are allowed), arrays without a rule have the example's length, a value with a rule is
 * matched by it (`equality`, `regex`, `type` and the number and boolean kinds), a `type` rule on an object
 * or array matches everything below it by type, and a value without any rule must equal the example.
 */

export interface PactMatcher {
  match: string;
  regex?: string;
  min?: number;
  max?: number;
}

export type PactMatchingRules = Record<string, { combine?: string; matchers: PactMatcher[] }>;

/** One way the actual body differs from the contract's shape. */
export interface ShapeMismatch {
  /** PACT-MISSING, PACT-TYPE, PACT-REGEX, PACT-EQUALITY, PACT-LENGTH. */
  rule: string;
  /** JSON pointer into the actual body. */
  pointer: string;
  message: string;
}

const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const show = (v: unknown): string => {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (jsonType(a) !== jsonType(b) || a === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => deepEqual(x, bs[i]));
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return (
    ak.length === bk.length &&
    ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** A pact path (`$.items[0].object.titel`, `$.items[*].x`) as a regular expression over concrete paths. */
function pathPattern(path: string): RegExp {
  const body = path
    .replace(/[.+?^${}()|\\]/g, '\\$&')
    .replace(/\[\*\]/g, '\\[\\d+\\]')
    .replace(/\\\.\*/g, '\\.[^.[]+')
    .replace(/\[(\d+)\]/g, '\\[$1\\]');
  return new RegExp(`^${body}$`);
}

class Rules {
  private readonly exact: Map<string, PactMatcher[]>;
  private readonly wildcards: Array<{ pattern: RegExp; matchers: PactMatcher[] }>;

  constructor(rules: PactMatchingRules = {}) {
    this.exact = new Map();
    this.wildcards = [];
    for (const [path, rule] of Object.entries(rules)) {
      if (path.includes('*')) this.wildcards.push({ pattern: pathPattern(path), matchers: rule.matchers });
      else this.exact.set(path, rule.matchers);
    }
  }

  at(path: string): PactMatcher[] | undefined {
    return this.exact.get(path) ?? this.wildcards.find((w) => w.pattern.test(path))?.matchers;
  }
}

function leafMismatch(matcher: PactMatcher, expected: unknown, actual: unknown): string | undefined {
  switch (matcher.match) {
    case 'equality':
      return deepEqual(expected, actual) ? undefined : `expected ${show(expected)}, got ${show(actual)}`;
    case 'regex': {
      if (typeof actual !== 'string') return `expected a string matching ${matcher.regex}, got ${show(actual)}`;
      return new RegExp(matcher.regex ?? '').test(actual)
        ? undefined
        : `${show(actual)} does not match ${matcher.regex}`;
    }
    case 'integer':
      return Number.isInteger(actual) ? undefined : `expected an integer, got ${show(actual)}`;
    case 'decimal':
    case 'number':
      return typeof actual === 'number' ? undefined : `expected a number, got ${show(actual)}`;
    case 'boolean':
      return typeof actual === 'boolean' ? undefined : `expected a boolean, got ${show(actual)}`;
    case 'null':
      return actual === null ? undefined : `expected null, got ${show(actual)}`;
    default:
      return jsonType(expected) === jsonType(actual)
        ? undefined
        : `expected a ${jsonType(expected)}, got ${show(actual)}`;
  }
}

const RULE_OF: Record<string, string> = { equality: 'PACT-EQUALITY', regex: 'PACT-REGEX' };

/** Every mismatch between `actual` and the interaction's example under its matching rules (empty: it matches). */
export function shapeMismatches(
  expected: unknown,
  actual: unknown,
  matchingRules?: PactMatchingRules,
): ShapeMismatch[] {
  const rules = new Rules(matchingRules);
  const out: ShapeMismatch[] = [];
  const walk = (exp: unknown, act: unknown, path: string, pointer: string, byType: boolean): void => {
    const matchers = rules.at(path);
    const container = exp !== null && typeof exp === 'object';
    if (matchers && !container) {
      for (const m of matchers) {
        const why = leafMismatch(m, exp, act);
        if (why) out.push({ rule: RULE_OF[m.match] ?? 'PACT-TYPE', pointer, message: why });
      }
      return;
    }
    const typeRule = matchers?.find((m) => m.match === 'type');
    const inherit = byType || typeRule !== undefined;
    if (!container) {
      if (inherit) {
        if (jsonType(exp) !== jsonType(act))
          out.push({ rule: 'PACT-TYPE', pointer, message: `expected a ${jsonType(exp)}, got ${show(act)}` });
      } else if (!deepEqual(exp, act)) {
        out.push({ rule: 'PACT-EQUALITY', pointer, message: `expected ${show(exp)}, got ${show(act)}` });
      }
      return;
    }
    if (jsonType(exp) !== jsonType(act)) {
      out.push({ rule: 'PACT-TYPE', pointer, message: `expected an ${jsonType(exp)}, got ${show(act)}` });
      return;
    }
    if (Array.isArray(exp)) {
      const acts = act as unknown[];
      const min = typeRule?.min;
      if (typeRule) {
        if (min !== undefined && acts.length < min)
          out.push({ rule: 'PACT-LENGTH', pointer, message: `expected at least ${min} elements, got ${acts.length}` });
        acts.forEach((a, i) => walk(exp[0], a, `${path}[${i}]`, `${pointer}/${i}`, true));
        return;
      }
      if (acts.length !== exp.length)
        out.push({ rule: 'PACT-LENGTH', pointer, message: `expected ${exp.length} elements, got ${acts.length}` });
      exp.forEach((e, i) => {
        if (i < acts.length) walk(e, acts[i], `${path}[${i}]`, `${pointer}/${i}`, inherit);
      });
      return;
    }
    const actObj = act as Record<string, unknown>;
    for (const [key, e] of Object.entries(exp as Record<string, unknown>)) {
      const childPointer = `${pointer}/${escapeToken(key)}`;
      if (!Object.hasOwn(actObj, key)) {
        out.push({ rule: 'PACT-MISSING', pointer: childPointer, message: `${key} is missing` });
        continue;
      }
      walk(
        e,
        actObj[key],
        /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}['${key}']`,
        childPointer,
        inherit,
      );
    }
  };
  walk(expected, actual, '$', '', false);
  return out;
}
