/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per package/file, so a
 * benchmark can say where the API spends its CPU.
 *   npm run -s ts -- tools/bench/cpu-profile.summary.ts .data/prof/<file>.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script lives: the npm package, the workspace project, or node's own code. */
export function bucketOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  const ws = /\/(apps|libs)\/([^/]+)\/src\/(.*)$/.exec(url);
  if (ws) return `${ws[1]}/${ws[2]}/${ws[3]}`;
  return url;
}

/** Time spent in a function and everything it called (each stack counted once, even when recursive). */
export function inclusive(profile: Profile, top = 25): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode): string =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.startsWith('node:') ? n.callFrame.url : bucketOf(n.callFrame.url)}`;
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node) break;
      const name = label(node);
      if (seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  });
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => [k, Math.round(v / 1000)]);
}

export function summarise(
  profile: Profile,
  top = 25,
): {
  totalMs: number;
  functions: Array<[string, number]>;
  buckets: Array<[string, number]>;
  inclusive: Array<[string, number]>;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const bucket = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.startsWith('node:') ? url : bucketOf(url)}:${lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const b = bucketOf(url);
    bucket.set(b, (bucket.get(b) ?? 0) + us);
  }
  const ms = (entries: Map<string, number>): Array<[string, number]> =>
    [...entries.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, Math.round(v / 1000)]);
  return {
    totalMs: Math.round(total / 1000),
    functions: ms(fn),
    buckets: ms(bucket),
    inclusive: inclusive(profile, top * 3),
  };
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: cpu-profile.summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const summary = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25));
  console.log(JSON.stringify(summary, null, 1));
}
