import {
  EmbeddedScene,
  type SceneObject,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import type { AnalysisService } from './analysis-service';
import { AnalysisRunner } from './AnalysisRunner';
import { jobVariable } from './job-variable';
import { RememberedTimeRange } from './remembered-time-range';

/**
 * The frame of every page: time range and service picker (synced to the URL as `from`, `to` and `var-job`,
 * like a dashboard; the range carries over from page to page), one AnalysisRunner, and the page's view.
 */
export function analysisScene(service: AnalysisService, view: SceneObject, runner = new AnalysisRunner(service)) {
  return new EmbeddedScene({
    $timeRange: new RememberedTimeRange(service.rangeMemory),
    $variables: new SceneVariableSet({ variables: [jobVariable(service.settings.jobs)] }),
    $behaviors: [runner],
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      // withText: the icon-only run button has no accessible name (axe button-name).
      new SceneRefreshPicker({ isOnCanvas: true, withText: true }),
    ],
    body: new SceneFlexLayout({ direction: 'column', children: [new SceneFlexItem({ body: view })] }),
  });
}
