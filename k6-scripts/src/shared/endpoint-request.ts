import { check } from 'k6';
import http from 'k6/http';
import { concretePath, pickEndpoint, type Endpoint, type EndpointMix } from './endpoint-mix.ts';

/**
 * Responses below 500 count as expected, so `http_req_failed` is "a 5xx or no answer": the same bad event as
 * the availability SLO (alert-rules/slo.yaml). k6's default marks every 4xx as failed (k6 docs,
 * "http.setResponseCallback"); the checks below still catch a 4xx the mix did not expect.
 */
export function countOnlyServerErrorsAsFailed(): void {
  http.setResponseCallback(http.expectedStatuses({ min: 200, max: 499 }));
}

/** Check name for an endpoint: one per method and route, so check names stay bounded too. */
export function statusCheckName(endpoint: Endpoint): string {
  return `${endpoint.method} ${endpoint.route} answers ${endpoint.expectedStatus}`;
}

/** Extra tags on an iteration's request (the breakpoint test adds its target rate). */
export type RequestTags = Readonly<Record<string, string>>;

/**
 * Sends one request of the mix and checks its status. The `name` tag is the route template, so Prometheus
 * series and thresholds have one value per route instead of one per URL (k6 docs, "URL grouping").
 */
export function requestEndpoint(baseUrl: string, endpoint: Endpoint, tags: RequestTags = {}): void {
  const url = `${baseUrl}${concretePath(endpoint, Math.random())}`;
  const hasBody = endpoint.body !== undefined;
  const headers: Record<string, string> = hasBody ? { 'Content-Type': 'application/json' } : {};
  const params = { tags: { ...tags, name: endpoint.route }, headers };
  const response = http.request(endpoint.method, url, hasBody ? JSON.stringify(endpoint.body) : null, params);
  check(response, { [statusCheckName(endpoint)]: (r) => r.status === endpoint.expectedStatus }, tags);
}

/** One iteration: one request drawn from the weighted mix, so an arrival rate is a request rate. */
export function requestFromMix(baseUrl: string, mix: EndpointMix, tags: RequestTags = {}): void {
  requestEndpoint(baseUrl, pickEndpoint(mix, Math.random()), tags);
}
