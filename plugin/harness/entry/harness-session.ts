/**
 * How the harness knows who sends a request. Grafana knows it from the session cookie; the harness has no
 * login, so its BackendSrv sends the signed-in role (the page's `?role=`) in this header, and the harness
 * server applies plugin.json's route rules to that role. A request without it is unauthenticated (401).
 */
export const HARNESS_ROLE_HEADER = 'x-perflens-harness-role';
