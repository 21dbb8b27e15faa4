import { urlUtil } from '@grafana/data';
import { sceneGraph, type SceneObject } from '@grafana/scenes';
import type { Finding } from '@perflens/analysis/engine';
import { prefixRoute, ROUTES } from '../constants';
import { JOB_VARIABLE } from './job-variable';

/** `from`, `to` and `var-job` of the scene, so a link keeps the range and service as dashboard links do. */
export function sceneUrlParams(model: SceneObject): Record<string, string> {
  const { from, to } = sceneGraph.getTimeRange(model).state;
  return { from, to, [`var-${JOB_VARIABLE}`]: sceneGraph.interpolate(model, `\${${JOB_VARIABLE}}`) };
}

/** The finding page of `finding` in the scene's range and service. */
export function findingUrl(model: SceneObject, findingId: string): string {
  return urlUtil.renderUrl(
    `${prefixRoute(ROUTES.Bottlenecks)}/finding/${encodeURIComponent(findingId)}`,
    sceneUrlParams(model)
  );
}

/** An app page in the scene's range and service. */
export function pageUrl(model: SceneObject, route: ROUTES): string {
  return urlUtil.renderUrl(prefixRoute(route), sceneUrlParams(model));
}

/** Explore with one of the finding's evidence queries over the scene's range. */
export function exploreUrl(model: SceneObject, prometheusUid: string, expr: string): string {
  const { from, to } = sceneGraph.getTimeRange(model).state;
  const datasource = { type: 'prometheus', uid: prometheusUid };
  const panes = {
    perflens: { datasource: prometheusUid, queries: [{ refId: 'A', expr, datasource }], range: { from, to } },
  };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify(panes) });
}

/** The dashboard link of a finding, with the scene's range added. */
export function dashboardUrl(model: SceneObject, finding: Finding): string {
  const { from, to } = sceneGraph.getTimeRange(model).state;
  const separator = finding.links.dashboard.includes('?') ? '&' : '?';
  return `${finding.links.dashboard}${separator}${urlUtil.toUrlParams({ from, to })}`;
}
