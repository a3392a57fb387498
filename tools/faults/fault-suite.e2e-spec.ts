import { FAULTS, runFaultSuite, SHORT } from './fault-suite';
import { failedFaults, faultTable } from './tally';

// The short fault suite: every fault once, on a PostgreSQL cluster and a Redis server of the suite's own.
// `npm run faults` runs the full sizes (Redis stopped for 30 s, thousands of lines streamed).
jest.setTimeout(15 * 60_000);

describe('the platform under faults', () => {
  it('loses nothing it accepted and applies nothing twice when the worker, the api, PostgreSQL or Redis fail', async () => {
    const results = await runFaultSuite(FAULTS, SHORT, () => undefined);
    process.stdout.write(`\n${faultTable(results)}\n`);
    expect(results.map((r) => r.fault)).toEqual([...FAULTS]);
    expect(failedFaults(results)).toEqual([]);
  });
});
