/** The route label of requests no route matched (404s), so raw paths never become label values. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * What a route template looks like as a label value: an Express path pattern (`/orders/:id`,
 * `/files/*`, `/api/v{n}`) or `unmatched`. SLO files and configuration are validated against it.
 */
export const ROUTE_TEMPLATE_PATTERN = /^(\/[A-Za-z0-9_.:*{}/-]*|unmatched)$/;

/** The status recorded for a request whose client went away before the response ended (nginx's 499). */
export const CLIENT_CLOSED_STATUS = '499';

/**
 * The `http_response_status_code` regex of server errors, the requests that burn an availability SLO;
 * 4xx and client aborts (499) are the caller's doing. PromQL anchors `=~` regexes at both ends.
 */
export const SERVER_ERROR_STATUS_REGEX = '5..';
