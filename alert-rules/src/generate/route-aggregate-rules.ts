import { HTTP_REQUEST_DURATION, ROUTE_AGGREGATES, selector } from '@perflens/conventions';
import type { RuleGroup } from './prometheus-rules';
import { SERVER_ERROR_STATUS } from './sli-recording-rules';

export const ROUTE_AGGREGATES_GROUP = 'route-aggregates';

/**
 * The per-route request rate, error ratio and latency buckets summed over instances, methods and status
 * codes (conventions' ROUTE_AGGREGATES), cheap to read over months. Every rule reads the scraped series
 * rather than the group's earlier recordings: vmalert writes recordings through remote write, so a rule
 * reading one in the same evaluation would see the previous minute's value.
 */
export function routeAggregateGroup(): RuleGroup {
  const { window } = ROUTE_AGGREGATES;
  const byRoute = 'sum by (job, http_route)';
  const requests = `${byRoute} (rate(${HTTP_REQUEST_DURATION}_count[${window}]))`;
  const errors = `${byRoute} (rate(${selector(`${HTTP_REQUEST_DURATION}_count`, {
    http_response_status_code: { regex: SERVER_ERROR_STATUS },
  })}[${window}]))`;
  return {
    name: ROUTE_AGGREGATES_GROUP,
    interval: ROUTE_AGGREGATES.interval,
    rules: [
      { record: ROUTE_AGGREGATES.requestRate, expr: requests },
      {
        record: ROUTE_AGGREGATES.errorRatio,
        // `or … * 0`: a route without any 5xx series has a ratio of 0, not none; `> 0`: a route idle for
        // the whole hour has no ratio rather than 0/0 = NaN (which VictoriaMetrics would drop anyway).
        expr: `(\n  ${errors}\n  or ${requests} * 0\n)\n/\n(${requests} > 0)`,
      },
      {
        record: ROUTE_AGGREGATES.durationBucketRate,
        expr: `sum by (job, http_route, le) (rate(${HTTP_REQUEST_DURATION}_bucket[${window}]))`,
      },
    ],
  };
}
