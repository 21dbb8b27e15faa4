import {
  judgeMemoryGrowth,
  memoryGrowthQueries,
  memoryGrowthSection,
  steadyWindowSeconds,
} from './memory-growth.ts';

const MiB = 1024 * 1024;
const vector = (...values: number[]) =>
  JSON.stringify({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((v, i) => ({ metric: { instance: `i${i}` }, value: [1, String(v)] })),
    },
  });

describe('memoryGrowthQueries', () => {
  it('fits a slope through RSS and heap of the job over the steady window', () => {
    expect(memoryGrowthQueries('demo-api', 6300, 1_700_000_000.4)).toEqual([
      {
        kind: 'rss',
        promql: 'deriv(process_resident_memory_bytes{job="demo-api"}[6300s])',
        time: 1_700_000_000,
      },
      {
        kind: 'heap',
        promql: 'deriv(nodejs_heap_size_used_bytes{job="demo-api"}[6300s])',
        time: 1_700_000_000,
      },
    ]);
  });

  it.each([
    { soakSeconds: 7200, window: 6300 },
    { soakSeconds: 1200, window: 900 },
  ])('judges $window s of a $soakSeconds s soak, leaving out the warm-up', ({ soakSeconds, window }) => {
    expect(steadyWindowSeconds(soakSeconds)).toBe(window);
  });
});

describe('judgeMemoryGrowth', () => {
  const limit = 50 * MiB;

  it.each([
    {
      title: 'growth under the limit passes',
      status: 200,
      body: vector((10 * MiB) / 3600),
      verdict: {
        kind: 'rss',
        bytesPerHour: 10 * MiB,
        withinLimit: true,
        reason: 'rss grew 10 MiB/h (limit 50 MiB/h)',
      },
    },
    {
      title: 'the fastest-growing instance decides',
      status: 200,
      body: vector(0, (60 * MiB) / 3600),
      verdict: {
        kind: 'rss',
        bytesPerHour: 60 * MiB,
        withinLimit: false,
        reason: 'rss grew 60 MiB/h (limit 50 MiB/h)',
      },
    },
    {
      title: 'no series fails: an unseen leak is not an absent one',
      status: 200,
      body: vector(),
      verdict: {
        kind: 'rss',
        withinLimit: false,
        reason: 'rss: no process_resident_memory_bytes series for the service',
      },
    },
    {
      title: 'a Prometheus error fails with its message',
      status: 400,
      body: JSON.stringify({ status: 'error', error: 'parse error' }),
      verdict: { kind: 'rss', withinLimit: false, reason: 'rss: Prometheus answered 400: parse error' },
    },
    {
      title: 'an answer that is not JSON fails',
      status: 502,
      body: 'Bad Gateway',
      verdict: { kind: 'rss', withinLimit: false, reason: 'rss: Prometheus answered 502 without JSON' },
    },
  ])('$title', ({ status, body, verdict }) => {
    expect(judgeMemoryGrowth('rss', status, body, limit)).toEqual(verdict);
  });
});

describe('memoryGrowthSection', () => {
  it('shows each series against the limit, and a series never measured as failed', () => {
    const metrics = { soak_rss_growth_bytes_per_hour: { values: { value: 5 * MiB } } };
    expect(memoryGrowthSection(metrics, 50 * MiB)).toBe(
      [
        '### Memory growth',
        '',
        'Limit 50 MiB/h per series (MEMORY_GROWTH_LIMIT_MB_PER_HOUR).',
        '',
        '| Series | Growth | Result |',
        '| --- | --- | --- |',
        '| rss | 5 MiB/h | ✅ |',
        '| heap | not measured | ❌ |',
      ].join('\n'),
    );
  });
});
