import { SceneAppPage } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../constants';
import type { AnalysisService } from '../shared/analysis-service';
import { analysisScene } from '../shared/analysis-scene';
import { LoadTestsScene } from './LoadTestsScene';

/** The Load tests page. */
export function loadTestsPage(service: AnalysisService): SceneAppPage {
  return new SceneAppPage({
    title: 'Load tests',
    subTitle: 'A k6 run judged against the SLOs, compared with a baseline run, and the capacity it measured.',
    url: prefixRoute(ROUTES.LoadTests),
    routePath: `${ROUTES.LoadTests}/*`,
    getScene: () => analysisScene(service, new LoadTestsScene()),
  });
}
