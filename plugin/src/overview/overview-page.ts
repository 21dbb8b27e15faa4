import { SceneAppPage } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../constants';
import type { AnalysisService } from '../shared/analysis-service';
import { analysisScene } from '../shared/analysis-scene';
import { OverviewScene } from './OverviewScene';

/** The Overview page. */
export function overviewPage(service: AnalysisService): SceneAppPage {
  return new SceneAppPage({
    title: 'Overview',
    subTitle: 'Health per layer, error budgets and the findings that hurt users most.',
    url: prefixRoute(ROUTES.Overview),
    routePath: `${ROUTES.Overview}/*`,
    getScene: () => analysisScene(service, new OverviewScene()),
  });
}
