import { from, map, type Observable } from 'rxjs';
import {
  type DataQueryRequest,
  type DataSourceApi,
  FieldType,
  LoadingState,
  type PanelData,
  toDataFrame,
} from '@grafana/data';

interface PromQuery {
  refId: string;
  expr?: string;
}

type Matrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

/**
 * Stand-in for Grafana's runRequest + Prometheus data source, for the panels Scenes renders: each target's
 * expression becomes a Prometheus range query through the data source proxy (as Grafana's Prometheus data
 * source does in proxy mode), and each returned series one data frame with its labels on the value field.
 */
export function harnessRunRequest(
  _datasource: DataSourceApi,
  request: DataQueryRequest<PromQuery>
): Observable<PanelData> {
  const start = Math.floor(request.range.from.valueOf() / 1000);
  const end = Math.floor(request.range.to.valueOf() / 1000);
  const step = Math.max(15, Math.round((end - start) / Math.max(1, request.maxDataPoints ?? 200)));
  const queries = request.targets
    .filter((target) => target.expr)
    .map(async (target) => {
      const uid = (target as { datasource?: { uid?: string } }).datasource?.uid ?? 'prometheus';
      const body = new URLSearchParams({
        query: target.expr!,
        start: String(start),
        end: String(end),
        step: String(step),
      });
      const response = await fetch(`/api/datasources/proxy/uid/${uid}/api/v1/query_range`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
      const envelope = (await response.json()) as { data?: { result: Matrix }; error?: string };
      if (!response.ok) {
        throw new Error(envelope.error ?? `HTTP ${response.status}`);
      }
      return (envelope.data?.result ?? []).map((series) =>
        toDataFrame({
          refId: target.refId,
          name: Object.values(series.metric).join(' '),
          fields: [
            { name: 'Time', type: FieldType.time, values: series.values.map(([t]) => t * 1000) },
            {
              name: 'Value',
              type: FieldType.number,
              labels: series.metric,
              values: series.values.map(([, v]) => Number(v)),
            },
          ],
        })
      );
    });
  return from(Promise.all(queries)).pipe(
    map((frames) => ({ state: LoadingState.Done, series: frames.flat(), timeRange: request.range, request }))
  );
}
