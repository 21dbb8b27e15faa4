import pluginJson from './plugin.json';

/** The app's id as Grafana knows it (plugin.json). */
export const PLUGIN_ID = pluginJson.id;

/** Where Grafana mounts the app's pages. */
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** Page routes below {@link PLUGIN_BASE_URL}; plugin.json's `includes` name the same paths. */
export enum ROUTES {
  Overview = 'overview',
  Bottlenecks = 'bottlenecks',
  Recommendations = 'recommendations',
  LoadTests = 'load-tests',
}

/** Prefixes a route with the app's base URL. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/**
 * RBAC actions declared in plugin.json `roles` (actions must start with the plugin id, Grafana docs
 * "Implement RBAC in app plugins"); the pages check them with @grafana/runtime's hasPermission.
 */
export const ACTIONS = {
  readFindings: `${PLUGIN_ID}.findings:read`,
  acknowledge: `${PLUGIN_ID}.silences:write`,
} as const;
