import { maskPersonalData } from './finding-value';
import type { InteractionResult, RunFinding, RunResult } from './run-result';

/**
 * The reports of a certification run, made from the RunResult alone: Markdown and a standalone HTML page
 * for the vendor and the operator (per pattern what passed and what failed, with rule, field and the
 * masked value), JUnit XML for the vendor's CI. Every text is masked again on the way out, so a CPR number
 * that slipped into a message never reaches a report.
 */

const OUTCOME_MARK: Record<string, string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' };

const counts = (run: RunResult) => ({
  passed: run.interactions.filter((i) => i.outcome === 'passed').length,
  failed: run.interactions.filter((i) => i.outcome === 'failed').length,
  skipped: run.interactions.filter((i) => i.outcome === 'skipped').length,
});

const safe = (text: string | undefined): string => maskPersonalData(text ?? '');

const verdict = (run: RunResult): string =>
  run.passed ? 'PASSED: the deliveries are fit to roll out' : 'FAILED: the deliveries are not fit to roll out';

const secondsOf = (run: RunResult): string =>
  ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(2);

/** One finding as a line: rule, where, what, the value. */
export function describeFinding(f: RunFinding): string {
  return `${f.rule} at ${f.pointer || '(the whole delivery)'}: ${safe(f.message)}${f.value !== undefined ? ` (value: ${safe(f.value)})` : ''}`;
}

const mdCell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const mdCode = (text: string): string => (text ? `\`${text.replace(/`/g, "'")}\`` : '—');

export function renderMarkdown(run: RunResult): string {
  const c = counts(run);
  const lines = [
    `# Compliance report: ${run.fagsystem.id} ${run.fagsystem.version}`,
    '',
    `**${verdict(run)}** — ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped.`,
    '',
    '| | |',
    '| --- | --- |',
    `| fagsystem | ${mdCell(`${run.fagsystem.id} ${run.fagsystem.version}`)} |`,
    `| pilot municipality (CVR) | ${mdCell(run.pilotMunicipality)} |`,
    `| contract | ${mdCell(`${run.contract.version} (sha256 ${run.contract.sha256})`)} |`,
    `| mode | ${run.mode} |`,
    `| tool | ${mdCell(`${run.tool.name} ${run.tool.version}`)} |`,
    `| run | ${mdCell(`${run.startedAt} – ${run.finishedAt} (${secondsOf(run)} s)`)} |`,
    '',
    '## Patterns',
    '',
    '| pattern | result | findings | ms |',
    '| --- | --- | --- | --- |',
    ...run.interactions.map(
      (i) => `| ${mdCell(i.id)} | ${OUTCOME_MARK[i.outcome]} | ${i.findings.length} | ${i.durationMs} |`,
    ),
  ];
  for (const i of run.interactions.filter((x) => x.outcome === 'failed')) {
    lines.push('', `## ${i.id}: FAIL`, '', `_${mdCell(safe(i.description))}_`, '');
    lines.push('| rule | field (JSON pointer) | what is wrong | value |', '| --- | --- | --- | --- |');
    for (const f of i.findings)
      lines.push(
        `| ${mdCode(f.rule)} | ${mdCode(f.pointer)} | ${mdCell(safe(f.message))} | ${f.value !== undefined ? mdCode(mdCell(safe(f.value))) : ''} |`,
      );
  }
  lines.push(
    '',
    'Values that are personal data are masked (a CPR number shows as `DDMMYY-XXXX`). Rule ids are explained in the vendor guide (libs/compliance/README.md).',
    '',
  );
  return lines.join('\n');
}

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
const h = (text: string | undefined): string => escapeHtml(safe(text));

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1a1a1a;background:#f5f5f5}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem;margin:0 0 .75rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.verdict{padding:1rem 1.25rem;border-radius:.4rem;font-weight:600;font-size:1.1rem;margin-bottom:1rem}
.verdict.pass{background:#e1f3e6;border-left:.5rem solid #358745}.verdict.fail{background:#fbe4e4;border-left:.5rem solid #c62828}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:1rem}
th,td{border:1px solid #d0d0d0;padding:.4rem .6rem;text-align:left;vertical-align:top;font-size:.92rem}
th{background:#ececec}code{font-family:ui-monospace,Consolas,monospace;font-size:.88rem;overflow-wrap:anywhere}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-size:.8rem;font-weight:700;color:#fff}
.badge.passed{background:#358745}.badge.failed{background:#c62828}.badge.skipped{background:#767676}
section.pattern{background:#fff;border:1px solid #d0d0d0;border-radius:.4rem;padding:.75rem 1rem;margin-bottom:1rem}
section.pattern h2{margin-top:0}.muted{color:#555;font-size:.9rem}
section.pattern td:first-child code{white-space:nowrap}
`;

function htmlInteraction(i: InteractionResult): string {
  const rows = i.findings
    .map(
      (f) =>
        `<tr><td><code>${h(f.rule)}</code></td><td><code>${h(f.pointer) || '—'}</code></td><td>${h(f.message)}</td><td>${f.value !== undefined ? `<code>${h(f.value)}</code>` : ''}</td></tr>`,
    )
    .join('');
  return `<section class="pattern" id="${escapeHtml(i.id)}"><h2>${h(i.id)} <span class="badge ${i.outcome}">${OUTCOME_MARK[i.outcome]}</span></h2>
<p class="muted">${h(i.description)}</p>
<table><thead><tr><th>rule</th><th>field (JSON pointer)</th><th>what is wrong</th><th>value (masked)</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function renderHtml(run: RunResult): string {
  const c = counts(run);
  const summary = run.interactions
    .map(
      (i) =>
        `<tr><td>${i.outcome === 'failed' ? `<a href="#${escapeHtml(i.id)}">${h(i.id)}</a>` : h(i.id)}</td><td><span class="badge ${i.outcome}">${OUTCOME_MARK[i.outcome]}</span></td><td>${i.findings.length}</td><td>${i.durationMs}</td><td>${h(i.description)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Compliance report: ${h(run.fagsystem.id)} ${h(run.fagsystem.version)}</title><style>${STYLE}</style></head>
<body><main>
<h1>Compliance report: ${h(run.fagsystem.id)} ${h(run.fagsystem.version)}</h1>
<div class="verdict ${run.passed ? 'pass' : 'fail'}">${h(verdict(run))} — ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped</div>
<table><tbody>
<tr><th>pilot municipality (CVR)</th><td>${h(run.pilotMunicipality)}</td></tr>
<tr><th>contract</th><td>${h(run.contract.version)} <code>sha256 ${h(run.contract.sha256)}</code></td></tr>
<tr><th>mode</th><td>${h(run.mode)}</td></tr>
<tr><th>tool</th><td>${h(run.tool.name)} ${h(run.tool.version)}</td></tr>
<tr><th>run</th><td>${h(run.startedAt)} – ${h(run.finishedAt)} (${secondsOf(run)} s)</td></tr>
</tbody></table>
<h2>Patterns</h2>
<table><thead><tr><th>pattern</th><th>result</th><th>findings</th><th>ms</th><th>the message the platform expects</th></tr></thead><tbody>
${summary}
</tbody></table>
${run.interactions
  .filter((i) => i.outcome === 'failed')
  .map(htmlInteraction)
  .join('\n')}
<p class="muted">Values that are personal data are masked (a CPR number shows as <code>DDMMYY-XXXX</code>). Rule ids are explained in the vendor guide.</p>
</main></body></html>
`;
}

const escapeXml = (text: string): string =>
  text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
const x = (text: string | undefined): string => escapeXml(safe(text));

/** JUnit XML: one testsuite, one testcase per interaction; a failure's message names the first rule and pointer. */
export function renderJunit(run: RunResult): string {
  const c = counts(run);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = run.interactions.reduce((s, i) => s + i.durationMs, 0);
  const suite = `overblik-verify ${run.fagsystem.id} ${run.fagsystem.version} (contract ${run.contract.version})`;
  const cases = run.interactions.map((i) => {
    const open = `  <testcase classname="${x(`delivery.${i.id}`)}" name="${x(`${i.id}: ${i.description}`)}" time="${seconds(i.durationMs)}"`;
    if (i.outcome === 'skipped') return `${open}>\n    <skipped/>\n  </testcase>`;
    if (i.outcome === 'passed') return `${open}/>`;
    const first = i.findings[0];
    const message = first ? `${first.rule} at ${first.pointer || '(the whole delivery)'}` : 'failed';
    const body = i.findings.map(describeFinding).join('\n');
    return `${open}>\n    <failure message="${x(message)}" type="${x(first?.rule ?? 'FAILED')}">${x(body)}</failure>\n  </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="overblik-verify" tests="${run.interactions.length}" failures="${c.failed}" skipped="${c.skipped}" time="${seconds(total)}">
<testsuite name="${x(suite)}" tests="${run.interactions.length}" failures="${c.failed}" errors="0" skipped="${c.skipped}" time="${seconds(total)}" timestamp="${x(run.startedAt)}">
${cases.join('\n')}
</testsuite>
</testsuites>
`;
}
