import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from './panels';

/** The Prometheus data source; the provisioned one (uid prometheus) by default. */
export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ text: 'Prometheus', value: 'prometheus' });
}

/**
 * A label-values variable with "All" (regex `.*`): `label_values(<series>, <label>)`, refreshed when the
 * time range changes so new routes and instances appear without a reload.
 */
export function labelVariable(
  name: string,
  label: string,
  series: string,
  options: { title: string; multi?: boolean },
): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(options.title)
    .datasource(PROMETHEUS)
    .query({
      query: `label_values(${series}, ${label})`,
      refId: 'PrometheusVariableQueryEditor-VariableQuery',
    })
    .definition(`label_values(${series}, ${label})`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .includeAll(true)
    .allValue('.*')
    .multi(options.multi ?? true)
    .current({ text: 'All', value: '$__all' });
}
