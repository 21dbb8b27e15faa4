/** One status line from Prometheus: targets up, request rate, latency and alerts firing. */
export async function stackStatus(prometheusUrl: string): Promise<string> {
  const value = async (expr: string) => {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`, {
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await response.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
    const sample = body.data?.result?.[0]?.value[1];
    return sample === undefined ? NaN : Number(sample);
  };
  const [up, total, rate, p95, firing] = await Promise.all([
    value('sum(up)'),
    value('count(up)'),
    value('sum(rate(http_server_request_duration_seconds_count[1m]))'),
    value('histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket[1m])))'),
    value('count(ALERTS{alertstate="firing"}) or vector(0)'),
  ]);
  const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  return (
    `targets up ${fmt(up, 0)}/${fmt(total, 0)}, ${fmt(rate, 1)} req/s, p95 ${fmt(p95 * 1000, 0)} ms, ` +
    `alerts firing ${fmt(firing, 0)}` +
    // No request in a minute means no traffic reaches the service: say so rather than look healthy.
    (rate === 0 ? '; warning: 0 requests/s, no traffic reaches the service (see the k6 and demo logs)' : '')
  );
}
