import React from 'react';
import * as ReactJsxRuntime from 'react/jsx-runtime';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as ReactRouter from 'react-router';
import * as ReactRouterDom from 'react-router-dom';
import { Route, Routes } from 'react-router-dom';
import * as Rxjs from 'rxjs';
import * as EmotionCss from '@emotion/css';
import * as EmotionReact from '@emotion/react';
import * as Lodash from 'lodash';
import i18next from 'i18next';
import * as GrafanaData from '@grafana/data';
import { type AppPlugin, type AppPluginMeta, createTheme, EventBusSrv, OrgRole, PluginType } from '@grafana/data';
import * as GrafanaRuntime from '@grafana/runtime';
import {
  config,
  LocationServiceProvider,
  locationService,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setPluginImportUtils,
  setRunRequest,
  setTemplateSrv,
} from '@grafana/runtime';
import * as GrafanaUi from '@grafana/ui';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { loadAmdModule } from './amd-loader';
import { createHarnessBackendSrv } from './harness-backend-srv';
import { createHarnessDataSourceSrv } from './harness-data-source-srv';
import { harnessRunRequest } from './harness-run-request';
import { HarnessNav } from './HarnessNav';
import { HarnessRouter } from './HarnessRouter';
import { registerStandardFieldOptions } from './standard-field-config';
import { timeSeriesPanel } from './timeseries-panel';

const PLUGIN_ID = 'perflens-insights-app';

/** Who is signed in: `?role=Viewer` (kept in sessionStorage so in-app navigation keeps it). */
function signedInRole(): OrgRole {
  const role = new URLSearchParams(window.location.search).get('role');
  if (role) {
    sessionStorage.setItem('perflens-harness-role', role);
  }
  return (sessionStorage.getItem('perflens-harness-role') as OrgRole | null) ?? OrgRole.Editor;
}

async function main() {
  registerStandardFieldOptions();
  const theme = createTheme({ colors: { mode: 'dark' } });
  const orgRole = signedInRole();
  Object.assign(config, { theme2: theme, buildInfo: { ...config.buildInfo, version: '12.3.0' } });
  config.bootData.user = {
    ...config.bootData.user,
    login: `harness-${orgRole.toLowerCase()}`,
    orgRole,
    permissions: {},
  };
  // Grafana's app event bus: panels subscribe to it through their PanelContext (cursor sync, hover).
  setAppEvents(new EventBusSrv() as never);
  setBackendSrv(createHarnessBackendSrv());
  setDataSourceSrv(createHarnessDataSourceSrv());
  setRunRequest(harnessRunRequest as never);
  setTemplateSrv({
    getVariables: () => [],
    replace: (target?: string) => target ?? '',
    containsTemplate: () => false,
    updateTimeRange: () => undefined,
  } as never);
  setPluginImportUtils({
    importPanelPlugin: async () => timeSeriesPanel,
    getPanelPluginFromCache: () => timeSeriesPanel,
  } as never);

  const shared: Record<string, unknown> = {
    react: React,
    'react-dom': ReactDOM,
    'react/jsx-runtime': ReactJsxRuntime,
    'react-router': ReactRouter,
    'react-router-dom': ReactRouterDom,
    rxjs: Rxjs,
    '@emotion/css': EmotionCss,
    '@emotion/react': EmotionReact,
    lodash: Lodash,
    i18next,
    '@grafana/data': GrafanaData,
    '@grafana/ui': GrafanaUi,
    '@grafana/runtime': GrafanaRuntime,
    // Stand-in: Scenes' plugin-compat falls back to getDataSourceSrv() when this has no getDataSourceInstance.
    '@grafana/runtime/unstable': {},
  };
  const settings = await (await fetch(`/api/plugins/${PLUGIN_ID}/settings`)).json();
  const exports = await loadAmdModule(`/public/plugins/${PLUGIN_ID}/module.js`, shared);
  const plugin = exports.plugin as AppPlugin;
  const meta = {
    ...settings,
    id: PLUGIN_ID,
    type: PluginType.app,
    baseUrl: `public/plugins/${PLUGIN_ID}`,
  } as AppPluginMeta;
  plugin.meta = meta;
  const Root = plugin.root!;
  const ConfigPage = plugin.configPages![0]!.body;

  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <HarnessRouter>
          <HarnessNav role={orgRole} />
          <main style={{ padding: 16 }}>
            <Routes>
              <Route
                path={`/a/${PLUGIN_ID}/*`}
                element={
                  <Root meta={meta} basename={`/a/${PLUGIN_ID}`} query={{}} path="" onNavChanged={() => undefined} />
                }
              />
              <Route path={`/plugins/${PLUGIN_ID}`} element={<ConfigPage plugin={plugin} query={{}} />} />
            </Routes>
          </main>
        </HarnessRouter>
      </LocationServiceProvider>
    </ThemeContext.Provider>
  );
}

main().catch((error) => {
  document.getElementById('root')!.textContent = `Harness failed: ${error instanceof Error ? error.stack : error}`;
});
