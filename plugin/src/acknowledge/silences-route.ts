import { PLUGIN_ID } from '../constants';

/**
 * The plugin route (plugin.json) that creates silences: method POST, reqRole Editor and reqAction
 * silences:write, so Grafana's server refuses a Viewer's request whatever the browser sends. It proxies
 * to the app's `alertmanagerUrl` (jsonData). Kept free of Grafana imports so Node tests can read it.
 */
export const SILENCES_ROUTE_URL = `/api/plugin-proxy/${PLUGIN_ID}/alertmanager/api/v2/silences`;
