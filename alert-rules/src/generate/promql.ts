import { regexLiteral, type Matcher } from '@perflens/conventions';
import type { SloModel } from '../model/slo-model';

/** The job and (when the SLO is limited to a group of routes) route matchers of an SLO's requests. */
export function requestMatchers(slo: SloModel): Record<string, Matcher> {
  const [only] = slo.routes;
  if (slo.routes.length === 1 && only !== undefined) return { job: slo.job, http_route: only };
  if (slo.routes.length > 1)
    return { job: slo.job, http_route: { regex: slo.routes.map(regexLiteral).join('|') } };
  return { job: slo.job };
}

/** Matchers that select one SLO's recorded series: the generator labels every recording with both. */
export function sloSeriesMatchers(slo: SloModel): Record<string, Matcher> {
  return { job: slo.job, slo: slo.name };
}
