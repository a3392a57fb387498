/**
 * Safety-net benchmark (not a test): the labelled corpus (libs/domain/src/safety-net/corpus/titles.tsv)
 * through the net, per class what the CPR and the phone rule held, then the net's throughput beside a raw
 * floor over the same titles: one plain regular expression (six digits, an optional space or hyphen,
 * four digits) tested on each title, which is what the net cost before it knew any writing or label.
 * Measurements alternate floor and net and keep the best of each, so a neighbour's load shows in both.
 *   npm run bench:safety-net -- [seconds per measurement=1] [rounds=3]
 */
import { detectCprLikeNumbers, scanUnfitText, scoreSafetyNetCorpus, SAFETY_NET_TARGETS } from '@overblik/domain';
import { readSafetyNetCorpus } from '../src/safety-net/safety-net-corpus.file';

const RAW_FLOOR = /\d{6}[ -]?\d{4}/;

/** Titles per second of `fn` over all titles, looping for about `seconds`. */
function titlesPerSecond(titles: readonly string[], fn: (t: string) => boolean, seconds: number): number {
  let held = 0;
  for (const t of titles) if (fn(t)) held++;
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < until) {
    for (const t of titles) if (fn(t)) held++;
    n += titles.length;
    now = process.hrtime.bigint();
  }
  if (held < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return n / (Number(now - start) / 1e9);
}

const pct = (x: number | null): string => (x === null ? '' : `${(x * 100).toFixed(1)} %`);
const pad = (s: string | number, n: number): string => String(s).padStart(n);

function main(): void {
  const seconds = Number(process.argv[2] ?? 1);
  const rounds = Number(process.argv[3] ?? 3);
  const rows = readSafetyNetCorpus();
  const score = scoreSafetyNetCorpus(rows);

  const out: string[] = [];
  out.push(`Safety net on ${rows.length} labelled titles`);
  out.push('');
  out.push(
    `${'class'.padEnd(20)}${pad('rows', 6)}${pad('held CPR', 10)}${pad('held phone', 12)}${pad('recall', 10)}${pad('false hold', 12)}`,
  );
  for (const c of score.classes)
    out.push(
      `${c.class.padEnd(20)}${pad(c.rows, 6)}${pad(c.heldAsCpr, 10)}${pad(c.heldAsPhone, 12)}${pad(pct(c.recall), 10)}${pad(pct(c.falseHoldRate), 12)}`,
    );
  out.push('');
  out.push(
    `CPR recall ${pct(score.cprRecall)} of ${score.cprRows} (target ≥ ${pct(SAFETY_NET_TARGETS.cprRecall)}); ` +
      `false CPR holds ${pct(score.falseCprHoldRate)} of ${score.nonCprRows} (target ≤ ${pct(SAFETY_NET_TARGETS.falseCprHoldRate)}); ` +
      `labelled identifiers held as phone ${score.labelledPhoneHolds} of ${score.labelledRows} (target ${SAFETY_NET_TARGETS.labelledPhoneHolds}); ` +
      `phone recall ${pct(score.phoneRecall)}; any false hold ${pct(score.falseHoldRate)} of ${score.passRows}`,
  );
  // the titles are shown with every digit as 9: the file's numbers are not repeated in a log
  for (const m of score.misses)
    out.push(`  wrong: ${m.class} expected ${m.expected}, got [${m.rules.join(',')}]: ${m.text.replace(/\d/g, '9')}`);
  process.stdout.write(`${out.join('\n')}\n\n`);

  const titles = rows.map((r) => r.text);
  // most real titles hold no digit; the corpus's clean titles without one show what those cost
  const digitless = titles.filter((t) => !/\d/.test(t));
  const measures = {
    floor: [titles, (t: string) => RAW_FLOOR.test(t)],
    detector: [titles, (t: string) => detectCprLikeNumbers(t).length > 0],
    net: [titles, (t: string) => scanUnfitText(t).length > 0],
    digitlessFloor: [digitless, (t: string) => RAW_FLOOR.test(t)],
    digitlessNet: [digitless, (t: string) => scanUnfitText(t).length > 0],
  } as const;
  const best = { floor: 0, detector: 0, net: 0, digitlessFloor: 0, digitlessNet: 0 };
  for (let r = 0; r < rounds; r++) {
    for (const [name, [over, fn]] of Object.entries(measures))
      best[name as keyof typeof best] = Math.max(best[name as keyof typeof best], titlesPerSecond(over, fn, seconds));
  }
  const ratio = best.net / best.floor;
  const digitlessRatio = best.digitlessNet / best.digitlessFloor;
  const rate = (n: number): string => pad(Math.round(n).toLocaleString('en-US'), 12);
  process.stdout.write(
    [
      `Throughput (best of ${rounds} × ${seconds} s), all ${titles.length} titles:`,
      `  raw floor (one plain regex)  ${rate(best.floor)} titles/s`,
      `  CPR detector alone           ${rate(best.detector)} titles/s`,
      `  safety net (scanUnfitText)   ${rate(best.net)} titles/s`,
      `  ratio net / raw floor        ${pad(ratio.toFixed(3), 12)}`,
      `The ${digitless.length} titles without a digit:`,
      `  raw floor                    ${rate(best.digitlessFloor)} titles/s`,
      `  safety net                   ${rate(best.digitlessNet)} titles/s`,
      `  ratio net / raw floor        ${pad(digitlessRatio.toFixed(3), 12)}`,
      '',
      JSON.stringify({
        rows: rows.length,
        cprRecall: score.cprRecall,
        falseCprHoldRate: score.falseCprHoldRate,
        labelledPhoneHolds: score.labelledPhoneHolds,
        phoneRecall: score.phoneRecall,
        falseHoldRate: score.falseHoldRate,
        titlesPerSecond: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, Math.round(v)])),
        ratioToFloor: Number(ratio.toFixed(4)),
        digitlessRatioToFloor: Number(digitlessRatio.toFixed(4)),
      }),
      '',
    ].join('\n'),
  );
}

main();
