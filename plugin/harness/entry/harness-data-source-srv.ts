import type { DataSourceInstanceSettings, DataSourceRef } from '@grafana/data';
import type { DataSourceSrv } from '@grafana/runtime';

/** The provisioned data sources (provisioning/grafana/datasources/perflens.yaml), as Grafana lists them. */
const DATA_SOURCES = [
  { uid: 'prometheus', name: 'Prometheus', type: 'prometheus', isDefault: true },
  { uid: 'alertmanager', name: 'Alertmanager', type: 'alertmanager', isDefault: false },
].map(
  (ds) =>
    ({
      ...ds,
      id: ds.uid === 'prometheus' ? 1 : 2,
      access: 'proxy',
      url: `/api/datasources/proxy/uid/${ds.uid}`,
      jsonData: {},
      readOnly: true,
      meta: {
        id: ds.type,
        name: ds.name,
        type: 'datasource',
        info: { logos: { small: '', large: '' } },
        metrics: true,
      },
      getRef: () => ({ uid: ds.uid, type: ds.type }),
    }) as unknown as DataSourceInstanceSettings
);

function find(ref: string | DataSourceRef | null | undefined) {
  const uid = typeof ref === 'string' ? ref : ref?.uid;
  return DATA_SOURCES.find((ds) => ds.uid === uid || ds.name === uid) ?? DATA_SOURCES[0]!;
}

/**
 * Stand-in for Grafana's DataSourceSrv: the data source pickers list these, and Scenes' query runner gets
 * an instance whose queries harnessRunRequest executes.
 */
export function createHarnessDataSourceSrv(): DataSourceSrv {
  return {
    get: async (ref?: string | DataSourceRef | null) => {
      const settings = find(ref);
      return { ...settings, getRef: () => ({ uid: settings.uid, type: settings.type }) };
    },
    getList: (filters: { pluginId?: string } = {}) =>
      DATA_SOURCES.filter((ds) => !filters.pluginId || ds.type === filters.pluginId),
    getInstanceSettings: (ref?: string | DataSourceRef | null) => find(ref),
    reload: async () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as unknown as DataSourceSrv;
}
