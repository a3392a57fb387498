import { renderHtml, renderJunit, renderMarkdown } from './reports';
import type { RunResult } from './run-result';

const CPR_IN_CLEAR = '0101405001';

function aRun(over: Partial<RunResult> = {}): RunResult {
  return {
    mode: 'verifier',
    contract: { version: '1.0.0', sha256: 'ab'.repeat(32) },
    fagsystem: { id: 'fs-<esdh>&"x"', version: '2026.11' },
    pilotMunicipality: '29189846',
    tool: { name: 'overblik-verify', version: '1.0.0' },
    startedAt: '2026-11-16T10:00:00.000Z',
    finishedAt: '2026-11-16T10:00:01.500Z',
    interactions: [
      {
        id: 'initial-import',
        description: 'an initial import',
        providerStates: [],
        outcome: 'passed',
        findings: [],
        deliveryHashes: ['00'],
        durationMs: 12,
      },
      {
        id: 'incoming-letter',
        description: 'an incoming letter <with> "quotes"',
        providerStates: [],
        outcome: 'failed',
        findings: [
          {
            rule: 'SAFETY-CPR',
            pointer: '/items/0/object/titel',
            message: `held: a CPR number ${CPR_IN_CLEAR} slipped into the message`,
            value: `Brev vedr. ${CPR_IN_CLEAR} & <b>`,
          },
          {
            rule: 'AMOUNT-DECIMAL',
            pointer: '/items/1/object/beloeb',
            message: 'expected a decimal string',
            value: '18000,00',
          },
        ],
        deliveryHashes: ['01'],
        durationMs: 30,
      },
      {
        id: 'retired-kle',
        description: 'a retired emne',
        providerStates: [],
        outcome: 'skipped',
        findings: [],
        deliveryHashes: [],
        durationMs: 0,
      },
    ],
    passed: false,
    ...over,
  };
}

describe('the reports of a run', () => {
  it('Markdown: the verdict, each pattern, and per failing pattern the rule, field and masked value', () => {
    const md = renderMarkdown(aRun());
    expect(md).toContain('**FAILED: the deliveries are not fit to roll out** — 1 passed, 1 failed, 1 skipped.');
    expect(md).toContain('| initial-import | PASS | 0 | 12 |');
    expect(md).toContain('| incoming-letter | FAIL | 2 | 30 |');
    expect(md).toContain('| retired-kle | SKIP | 0 | 0 |');
    expect(md).toContain('| `SAFETY-CPR` | `/items/0/object/titel` |');
    expect(md).toContain('`18000,00`');
    expect(md).toContain('DDMMYY-XXXX');
    expect(md).not.toContain(CPR_IN_CLEAR);
  });

  it('Markdown: a passing run says so', () => {
    const md = renderMarkdown(aRun({ passed: true, interactions: aRun().interactions.slice(0, 1) }));
    expect(md).toContain('**PASSED: the deliveries are fit to roll out** — 1 passed, 0 failed, 0 skipped.');
    expect(md).not.toContain('## initial-import');
  });

  it('HTML: a standalone page, inline CSS, no external assets, everything escaped and masked', () => {
    const html = renderHtml(aRun());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<link|<script|src=|url\(/i);
    expect(html).toContain('fs-&lt;esdh&gt;&amp;&quot;x&quot;');
    expect(html).not.toContain('<esdh>');
    expect(html).toContain('an incoming letter &lt;with&gt; &quot;quotes&quot;');
    expect(html).toContain('<code>Brev vedr. DDMMYY-XXXX &amp; &lt;b&gt;</code>');
    expect(html).toContain('<a href="#incoming-letter">incoming-letter</a>');
    expect(html).not.toContain(CPR_IN_CLEAR);
  });

  it('JUnit: one testsuite, one testcase per interaction, the failure names rule and pointer; well-formed', () => {
    const xml = renderJunit(aRun());
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('tests="3" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('<failure message="SAFETY-CPR at /items/0/object/titel" type="SAFETY-CPR">');
    expect(xml).toContain('AMOUNT-DECIMAL at /items/1/object/beloeb: expected a decimal string (value: 18000,00)');
    expect(xml).toContain('<skipped/>');
    expect(xml).not.toContain(CPR_IN_CLEAR);
    expect(wellFormedProblems(xml)).toEqual([]);
  });

  it('JUnit: characters XML cannot hold are replaced', () => {
    const run = aRun();
    run.interactions[1]!.findings[0]!.message = 'bad \u0001 char';
    const xml = renderJunit(run);
    expect(xml).not.toContain('\u0001');
    expect(wellFormedProblems(xml)).toEqual([]);
  });
});

/** A small well-formedness check: tags nest and close, attributes are quoted, entities are known. */
function wellFormedProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|&(?!(?:amp|lt|gt|quot|apos|#\d+);)|<(?![A-Za-z/])/g;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    if (m[2] === undefined) {
      problems.push(`stray ${m[0]} at ${m.index}`);
      continue;
    }
    if (m[1]) {
      if (stack.pop() !== m[2]) problems.push(`unexpected </${m[2]}>`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (stack.length) problems.push(`unclosed ${stack.join(', ')}`);
  const stripped = body.replace(token, '');
  if (/[<>]/.test(stripped)) problems.push('a < or > outside a tag');
  return problems;
}
