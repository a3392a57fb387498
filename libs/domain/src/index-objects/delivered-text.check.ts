/**
 * Text that PostgreSQL cannot store or that is not Unicode: a NUL character (jsonb and text refuse
 * `\u0000`) and a lone UTF-16 surrogate (half of a pair, which no UTF-8 encoding can carry). Every
 * string of a delivered item is checked, field names included, before its structure is.
 */
export const NUL_CHARACTER_RULE = 'SCHEMA-NUL-CHARACTER';
export const LONE_SURROGATE_RULE = 'SCHEMA-LONE-SURROGATE';

export interface UnsafeText {
  rule: typeof NUL_CHARACTER_RULE | typeof LONE_SURROGATE_RULE;
  /** Where the text sits; for a field name, the object that holds the field. */
  path: Array<string | number>;
  message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored, or undefined when it can. */
export function unsafeTextRule(text: string): UnsafeText['rule'] | undefined {
  if (text.includes('\u0000')) return NUL_CHARACTER_RULE;
  if (LONE_SURROGATE.test(text)) return LONE_SURROGATE_RULE;
  return undefined;
}

const MESSAGES: Record<UnsafeText['rule'], { value: string; key: string }> = {
  [NUL_CHARACTER_RULE]: {
    value: 'the text holds a NUL character (\\u0000)',
    key: 'a field name here holds a NUL character (\\u0000)',
  },
  [LONE_SURROGATE_RULE]: {
    value: 'the text holds a lone UTF-16 surrogate (not Unicode)',
    key: 'a field name here holds a lone UTF-16 surrogate (not Unicode)',
  },
};

interface Visit {
  value: unknown;
  /** The visit of the containing object or array (paths are built only for what is reported). */
  parent: Visit | undefined;
  key: string | number | undefined;
}

function pathOf(visit: Visit): Array<string | number> {
  const path: Array<string | number> = [];
  for (let v: Visit | undefined = visit; v?.key !== undefined; v = v.parent) path.push(v.key);
  return path.reverse();
}

/**
 * Every unsafe text in a parsed JSON value, in document order, at most `limit` of them. Walks without
 * recursion, so a deeply nested value cannot exhaust the stack.
 */
export function unsafeTextsIn(value: unknown, limit = 100): UnsafeText[] {
  const found: UnsafeText[] = [];
  const stack: Visit[] = [{ value, parent: undefined, key: undefined }];
  while (stack.length && found.length < limit) {
    const visit = stack.pop()!;
    const node = visit.value;
    if (typeof node === 'string') {
      const rule = unsafeTextRule(node);
      if (rule) found.push({ rule, path: pathOf(visit), message: MESSAGES[rule].value });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const children: Visit[] = [];
    if (Array.isArray(node)) {
      node.forEach((child: unknown, i) => children.push({ value: child, parent: visit, key: i }));
    } else {
      let keyRule: UnsafeText['rule'] | undefined;
      for (const [key, child] of Object.entries(node)) {
        const rule = unsafeTextRule(key);
        keyRule ??= rule;
        // a field with an unsafe name is reported once, on its object; its value is not looked into
        if (rule === undefined) children.push({ value: child, parent: visit, key });
      }
      if (keyRule) found.push({ rule: keyRule, path: pathOf(visit), message: MESSAGES[keyRule].key });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
}
