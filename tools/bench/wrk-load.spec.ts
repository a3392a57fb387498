import { childCpuMs, wrkResultOf } from './wrk-load';

describe('wrk load', () => {
  it("reads the children's CPU from bash's times", () => {
    expect(childCpuMs('WRK-RESULT {}\n0m0.004s 0m0.002s\n0m1.250s 0m0.310s\n')).toBe(1560);
    expect(childCpuMs('1m2.000s 0m0.000s')).toBe(62_000);
    expect(childCpuMs('nothing')).toBeNaN();
  });

  it('turns its summary line into the figures, non-2xx answers not counted as served', () => {
    const out =
      'Running 20s test\nWRK-RESULT {"requests":40000,"durationUs":20000000,"connect":0,"read":1,"write":0,"status":100,"timeout":2,"p50":2500,"p90":6040,"p99":18960,"max":41234}\n';
    expect(wrkResultOf(out, 1234)).toEqual({
      requestsPerSecond: 1995,
      p50Ms: 2.5,
      p90Ms: 6,
      p99Ms: 19,
      maxMs: 41.2,
      total: 40000,
      ok: 39900,
      non2xx: 100,
      errors: 1,
      timeouts: 2,
      loadToolCpuMs: 1234,
    });
  });

  it('says so when wrk printed no summary', () => {
    expect(() => wrkResultOf('unable to connect to 127.0.0.1:1 Connection refused', 0)).toThrow(/no result/);
  });
});
