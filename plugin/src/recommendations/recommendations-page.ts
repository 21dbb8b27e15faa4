import { SceneAppPage } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../constants';
import type { AnalysisService } from '../shared/analysis-service';
import { analysisScene } from '../shared/analysis-scene';
import { RecommendationsScene } from './RecommendationsScene';

/** The Recommendations page. */
export function recommendationsPage(service: AnalysisService): SceneAppPage {
  return new SceneAppPage({
    title: 'Recommendations',
    subTitle: 'What to change, layer by layer, with the SQL and configuration to apply and roll back.',
    url: prefixRoute(ROUTES.Recommendations),
    routePath: `${ROUTES.Recommendations}/*`,
    getScene: () => analysisScene(service, new RecommendationsScene({ exporterUrl: service.settings.exporterUrl })),
  });
}
