import { histogramOf, serviceStages } from './metrics-text';

const scrape = (
  readCount: number,
  readSlow: number,
) => `# HELP overblik_overview_seconds Time to answer an overview call
overblik_overview_seconds_bucket{le="0.005"} ${readCount - readSlow}
overblik_overview_seconds_bucket{le="0.05"} ${readCount}
overblik_overview_seconds_bucket{le="+Inf"} ${readCount}
overblik_overview_seconds_sum ${readCount * 0.004}
overblik_overview_seconds_count ${readCount}
overblik_overview_stage_seconds_bucket{le="0.001",stage="read"} ${readCount - readSlow}
overblik_overview_stage_seconds_bucket{le="0.02",stage="read"} ${readCount}
overblik_overview_stage_seconds_bucket{le="+Inf",stage="read"} ${readCount}
overblik_overview_stage_seconds_sum{stage="read"} ${readCount * 0.002}
overblik_overview_stage_seconds_count{stage="read"} ${readCount}
overblik_overview_stage_seconds_bucket{le="0.001",stage="limits"} ${readCount}
overblik_overview_stage_seconds_bucket{le="+Inf",stage="limits"} ${readCount}
overblik_overview_stage_seconds_sum{stage="limits"} 0
overblik_overview_stage_seconds_count{stage="limits"} ${readCount}
`;

describe('metrics text', () => {
  it('reads one labelled series of a histogram', () => {
    const read = histogramOf(scrape(100, 2), 'overblik_overview_stage_seconds', 'stage="read"');
    expect(read.count).toBe(100);
    expect(read.buckets).toEqual([
      { le: '0.001', n: 98 },
      { le: '0.02', n: 100 },
      { le: '+Inf', n: 100 },
    ]);
    expect(histogramOf(scrape(100, 2), 'overblik_overview_seconds').count).toBe(100);
  });

  it('gives the service and each stage between two scrapes', () => {
    const stages = serviceStages(scrape(100, 0), scrape(300, 10));
    expect(stages['service']).toEqual({ meanMs: 4, p50Seconds: '≤ 0.005', p99Seconds: '≤ 0.05' });
    expect(stages['read']).toEqual({ meanMs: 2, p50Seconds: '≤ 0.001', p99Seconds: '≤ 0.02' });
    expect(stages['limits']?.p99Seconds).toBe('≤ 0.001');
    expect(stages['access-log']?.meanMs).toBeNaN(); // no series: nothing counted
  });
});
