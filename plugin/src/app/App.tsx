import React, { useMemo } from 'react';
import type { AppRootProps } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { SceneApp, useSceneApp } from '@grafana/scenes';
import { bottlenecksPage } from '../bottlenecks/bottlenecks-page';
import { loadTestsPage } from '../load-tests/load-tests-page';
import { overviewPage } from '../overview/overview-page';
import { recommendationsPage } from '../recommendations/recommendations-page';
import { createAnalysisService } from '../shared/analysis-service';
import { type AppSettings, readAppSettings } from '../shared/app-settings';

/** The app's pages; one analysis service for all of them, so they share reports of the same scope. */
function AppPages({ settings }: { settings: AppSettings }) {
  const getSceneApp = useMemo(() => {
    const service = createAnalysisService(settings, getBackendSrv());
    return () =>
      new SceneApp({
        pages: [overviewPage(service), bottlenecksPage(service), recommendationsPage(service), loadTestsPage(service)],
        urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
      });
  }, [settings]);
  const scene = useSceneApp(getSceneApp);
  return <scene.Component model={scene} />;
}

/** The app's root page, mounted by Grafana at /a/perflens-insights-app. */
export default function App(props: AppRootProps<Partial<AppSettings>>) {
  const settings = useMemo(() => readAppSettings(props.meta.jsonData), [props.meta.jsonData]);
  return <AppPages settings={settings} />;
}
