import { runtimeQueries } from './runtime-evidence';

const scope = { job: 'demo-api', endSeconds: 0, rangeSeconds: 900 };

describe('memory growth queries', () => {
  it('fit every sample of the range without a warm-up', () => {
    const queries = runtimeQueries(scope, 0.1, { warmupSeconds: 0, minRangeSeconds: 600 });
    expect(queries.retainedGrowth).toMatch(/^\(sum by \(instance\) \(deriv\(.*\[15m\]\)\)/);
    expect(queries.retainedGrowth).not.toContain('process_start_time_seconds');
  });

  it('leave out each process’s warm-up and need the minimum range after it', () => {
    const queries = runtimeQueries(scope, 0.1, { warmupSeconds: 600, minRangeSeconds: 600 });
    const warmingUp =
      'unless on (instance) (time() - max by (instance) (process_start_time_seconds{job="demo-api"}) < 600))[15m:1s]';
    expect(queries.retainedGrowth).toContain(warmingUp);
    expect(queries.retainedGrowth).toMatch(
      /^deriv\(.*\) \* 900 and on \(instance\) \(count_over_time\(.*\) \* 1 >= 600\)$/,
    );
    expect(queries.retainedMean).toMatch(/^avg_over_time\(/);
    expect(queries.retainedMean).toContain(warmingUp);
  });
});
