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
  const best = { floor: 0, detector: 0, net: 0 };
  for (let r = 0; r < rounds; r++) {
    best.floor = Math.max(
      best.floor,
      titlesPerSecond(titles, (t) => RAW_FLOOR.test(t), seconds),
    );
    best.detector = Math.max(
      best.detector,
      titlesPerSecond(titles, (t) => detectCprLikeNumbers(t).length > 0, seconds),
    );
    best.net = Math.max(
      best.net,
      titlesPerSecond(titles, (t) => scanUnfitText(t).length > 0, seconds),
    );
  }
  const ratio = best.net / best.floor;
  process.stdout.write(
    [
      `Throughput (best of ${rounds} × ${seconds} s):`,
      `  raw floor (one plain regex)  ${pad(Math.round(best.floor).toLocaleString('en-US'), 12)} titles/s`,
      `  CPR detector alone           ${pad(Math.round(best.detector).toLocaleString('en-US'), 12)} titles/s`,
      `  safety net (scanUnfitText)   ${pad(Math.round(best.net).toLocaleString('en-US'), 12)} titles/s`,
      `  ratio net / raw floor        ${pad(ratio.toFixed(3), 12)}`,
      '',
      JSON.stringify({
        rows: rows.length,
        cprRecall: score.cprRecall,
        falseCprHoldRate: score.falseCprHoldRate,
        labelledPhoneHolds: score.labelledPhoneHolds,
        phoneRecall: score.phoneRecall,
        falseHoldRate: score.falseHoldRate,
        titlesPerSecond: {
          floor: Math.round(best.floor),
          detector: Math.round(best.detector),
          net: Math.round(best.net),
        },
        ratioToFloor: Number(ratio.toFixed(4)),
      }),
      '',
    ].join('\n'),
  );
}

main();
