import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KLE_CONFIG_RULES, RULE_CATALOGUE, type RuleEntry } from '@overblik/domain';
import { REQUEST_RULES } from '@overblik/platform';

// The rule catalogue is the one list of rule ids: every id the code answers with or records is in it,
// and every entry has its two texts and a test that names it.
const root = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

const files = ['apps', 'libs', 'tools'].flatMap(sourceFiles);
const isTest = (file: string): boolean => /[.-]spec\.ts$/.test(file);
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const code = files.filter((f) => !isTest(f)).map((f) => ({ file: f, text: read(f) }));
const tests = files
  .filter((f) => isTest(f) && !f.endsWith('rule-catalogue.spec.ts'))
  .map((f) => ({ file: f, text: read(f) }));
const catalogue = RULE_CATALOGUE as Record<string, RuleEntry>;
const ids = Object.keys(catalogue);

/** Strings of a rule id's shape that are not rule ids. */
const NOT_RULE_IDS: Record<string, string> = {
  'USER-DEFINED': "a PostgreSQL data_type in information_schema (the text scan's column filter)",
  'YYYY-MM-DD': 'a date format of PostgreSQL to_char',
  'CPR-LIKE': "a held record's reason text in test data",
  'S-KONTRAKT-0001': 'a sagsnummer of the contract tests',
  'SDP-2026-0815': 'a sagsnummer of the contract tests',
  'SDP-2026-0999': 'a sagsnummer of the contract tests',
  'OPF-2026-0412': 'a sagsnummer of the contract tests',
  'UDH-2026-0101': 'a sagsnummer of the contract tests',
  'DDMMYY-XXXX': 'how a masked CPR number is shown in a certification report',
  'UTF-8': 'a character encoding',
};

/** Every rule id a source file names: string literals of the shape `[A-Z]+(-[A-Z0-9]+)+`, and any literal passed as `rule:` or a case rule's `id:`. */
function idsIn(text: string): string[] {
  const shaped = [...text.matchAll(/['"]([A-Z]+(?:-[A-Z0-9]+)+)['"]/g)].map((m) => m[1] as string);
  const passed = [...text.matchAll(/\b(?:rule|id): *['"]([A-Z]{3,}(?:-[A-Z0-9]+)*)['"]/g)].map((m) => m[1] as string);
  return [...shaped, ...passed];
}

/** Rules no test can reach through the code in front of them, each with why. */
/**
 * Rule ids of the administration's forms whose texts still live beside their form (the KLE configuration's
 * own table KLE_CONFIG_RULES counts as catalogued); each is a known gap until it moves into RULE_CATALOGUE.
 */
const CATALOGUED_ELSEWHERE: Record<string, string> = {
  ...Object.fromEntries(
    Object.keys(KLE_CONFIG_RULES).map((id) => [id, 'KLE_CONFIG_RULES (libs/domain/src/kle-config)']),
  ),
  'KLE-CONFIG-INVALID': 'the KLE configuration API: a body of the wrong shape',
  'KLE-CONFIG-LINE-NOT-FOUND': 'the KLE configuration API: no such line in the draft',
  'KLE-CONFIG-NO-DRAFT': 'the KLE configuration API: no open draft',
  'KLE-CONFIG-NO-VERSION': 'the KLE configuration API: no such version',
  'KLE-CONFIG-NOT-SUBMITTED': 'the KLE configuration API: approval of a draft not submitted',
  'WORD-EXISTS': 'the word list form: the word is on the list',
  'WORD-INVALID': 'the word list form: not 2–64 letters',
  'WORD-REQUIRED': 'the word list form: no word',
  'KEEP-REASON-REQUIRED': 'the held-record form: keeping hidden needs a reason',
  'KEEP-REASON-TOO-LONG': 'the held-record form: the reason is too long',
  'QUERY-INVALID': "the held-record queue's filter",
  'NO-DRAFT': 'a state code of KleConfigurationRepository, answered as KLE-CONFIG-NO-DRAFT',
  'NO-VERSION': 'a state code of KleConfigurationRepository, answered as KLE-CONFIG-NO-VERSION',
  'NOT-SUBMITTED': 'a state code of KleConfigurationRepository, answered as KLE-CONFIG-NOT-SUBMITTED',
  'FOUR-EYES': 'a state code of KleConfigurationRepository, answered as KLE-CONFIG-FOUR-EYES',
};

/** Catalogued rules that no test names yet: known gaps in the test cases, each with where it is answered. */
const NOT_YET_NAMED_BY_A_TEST: Record<string, string> = {
  'ADMIN-CSRF-INVALID':
    'answered by the admin on a session change without its token (login.e2e-spec checks the answer, not the id)',
  'ADMIN-LOGIN-REQUIRED': 'answered by AdminAccess without a session or token (the tenancy matrix checks the status)',
  'PACT-INTERACTION-MISSING': 'the verifier, when the contract lacks a pattern',
  'PACT-METADATA': "the verifier, on a provider's missing Pact-Message-Metadata",
  'PATTERN-EXPECTATION': "the verifier, when a delivery does not give the pattern's outcome",
  'VERIFY-CASEWORKER-INITIALS': "the verifier's caseworker-initials variant (its e2e test names the variant)",
  'VERIFY-PROVIDER-JSON': 'the verifier, on a provider answer that is not JSON',
  'VERIFY-PROVIDER-STATUS': 'the verifier, on a provider answer that is not 200',
};

const UNREACHABLE_IN_TESTS: Record<string, string> = {
  'NDJSON-LINE-UNSTORABLE':
    'defence in depth: the schema refuses every value PostgreSQL cannot store (NUL, lone surrogates) before the insert',
};

const mentions = (text: string, id: string): boolean => new RegExp(`(?<![A-Z0-9-])${id}(?![A-Z0-9-])`).test(text);

describe('the rule catalogue', () => {
  it('holds every rule id the code names', () => {
    const unknown = code.flatMap(({ file, text }) =>
      idsIn(text)
        .filter((id) => !(id in catalogue) && !(id in NOT_RULE_IDS) && !(id in CATALOGUED_ELSEWHERE))
        .map((id) => `${file}: ${id}`),
    );
    expect(unknown).toEqual([]);
  });

  it('finds the ids of the delivery service, the display rules and the safety net in the code', () => {
    const found = new Set(code.flatMap(({ text }) => idsIn(text)));
    for (const id of ['NDJSON-INVALID-JSON', 'AUTH-NOT-MASTER', 'CONNECTED', 'SAFETY-WORD', 'SAFETY-NET'])
      expect([id, found.has(id)]).toEqual([id, true]);
  });

  it('has each id once', () => {
    const source = read('libs/domain/src/rules/catalogue.ts');
    const keys = [...source.matchAll(/^ {2}'?([A-Z][A-Z0-9-]*)'?: \{$/gm)].map((m) => m[1]);
    expect(keys).toEqual(ids);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(ids)('%s has a kind, a Danish and an English text, and a 4xx/5xx status if any', (id) => {
    const rule = catalogue[id] as RuleEntry;
    expect(rule.da.trim()).not.toBe('');
    expect(rule.en.trim()).not.toBe('');
    expect(rule.da).not.toBe(rule.en);
    if (rule.status !== undefined) expect([rule.status >= 400, rule.status < 600]).toEqual([true, true]);
  });

  it.each(ids.filter((id) => !(id in UNREACHABLE_IN_TESTS) && !(id in NOT_YET_NAMED_BY_A_TEST)))(
    '%s is named by at least one test',
    (id) => {
      const named = tests.filter(({ text }) => mentions(text, id)).map(({ file }) => file);
      expect([id, named.length > 0]).toEqual([id, true]);
    },
  );

  it.each(Object.entries(REQUEST_RULES))('%s answers with the status of the catalogue', (id, rule) => {
    expect([id, rule.status]).toEqual([id, catalogue[id]?.status]);
  });
});
