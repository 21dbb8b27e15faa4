import { SceneAppPage } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../constants';
import type { AnalysisService } from '../shared/analysis-service';
import { analysisScene } from '../shared/analysis-scene';
import { BottlenecksScene } from './BottlenecksScene';
import { findingPage } from './finding/finding-page';

/** The Bottlenecks page and, below it, one page per finding. */
export function bottlenecksPage(service: AnalysisService): SceneAppPage {
  return new SceneAppPage({
    title: 'Bottlenecks',
    subTitle: 'Findings ranked by how many users they slow down, across every layer.',
    url: prefixRoute(ROUTES.Bottlenecks),
    routePath: `${ROUTES.Bottlenecks}/*`,
    getScene: () => analysisScene(service, new BottlenecksScene()),
    drilldowns: [
      {
        routePath: 'finding/:findingId',
        getPage: (match, parent) => findingPage(service, decodeURIComponent(match.params.findingId ?? ''), parent),
      },
    ],
  });
}
