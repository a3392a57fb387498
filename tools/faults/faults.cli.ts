// npm run faults [-- --short] [-- --only worker-killed,redis-stopped]
// Runs the fault suite on a PostgreSQL cluster and a Redis server of its own and prints, per fault, what
// became of every accepted item. Exit code 1 when anything accepted was lost, applied twice or stuck.
import { FAULTS, type FaultName, FULL, runFaultSuite, SHORT } from './fault-suite';
import { failedFaults, faultTable } from './tally';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const short = args.includes('--short');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : [];
  const unknown = only.filter((f) => !FAULTS.includes(f as FaultName));
  if (unknown.length) {
    process.stderr.write(`unknown fault(s): ${unknown.join(', ')}; known: ${FAULTS.join(', ')}\n`);
    process.exit(2);
  }
  const faults = only.length ? (only as FaultName[]) : FAULTS;
  const results = await runFaultSuite(faults, short ? SHORT : FULL);
  process.stdout.write(`\n${faultTable(results)}\n`);
  const failed = failedFaults(results);
  if (failed.length) {
    process.stderr.write(`\nfailed:\n  ${failed.join('\n  ')}\n`);
    process.exit(1);
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
