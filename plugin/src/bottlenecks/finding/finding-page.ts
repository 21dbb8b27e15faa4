import { getBackendSrv } from '@grafana/runtime';
import { SceneAppPage, type SceneAppPageLike } from '@grafana/scenes';
import { AcknowledgeScene } from '../../acknowledge/AcknowledgeScene';
import { AlertmanagerClient } from '../../acknowledge/alertmanager-client';
import { prefixRoute, ROUTES } from '../../constants';
import type { AnalysisService } from '../../shared/analysis-service';
import { analysisScene } from '../../shared/analysis-scene';
import { FindingScene } from './FindingScene';

/** Target labels from a finding id (`<check>/<label>=<value>,...`, analysis/src/findings/check-definition.ts). */
export function targetOfFindingId(findingId: string): Record<string, string> {
  const labels = findingId.slice(findingId.indexOf('/') + 1);
  return Object.fromEntries(
    labels
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
  );
}

/** The page of one finding, below the Bottlenecks page. */
export function findingPage(service: AnalysisService, findingId: string, parent: SceneAppPageLike): SceneAppPage {
  const alertmanager = new AlertmanagerClient(getBackendSrv(), service.settings.alertmanagerUid);
  return new SceneAppPage({
    title: 'Finding',
    subTitle: findingId,
    url: `${prefixRoute(ROUTES.Bottlenecks)}/finding/${encodeURIComponent(findingId)}`,
    routePath: 'finding/:findingId',
    getParentPage: () => parent,
    getScene: () =>
      analysisScene(
        service,
        new FindingScene({ findingId, acknowledge: new AcknowledgeScene(alertmanager, targetOfFindingId(findingId)) })
      ),
  });
}
