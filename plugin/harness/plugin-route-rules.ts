import { readFileSync } from 'fs';
import path from 'path';

/** plugin/src/plugin.json, read as it is: the harness enforces the file Grafana reads, not a copy of it. */
export const PLUGIN_JSON = path.join(__dirname, '..', 'src', 'plugin.json');

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

/** A `routes` entry of plugin.json (Grafana's plugin.schema.json, "routes"). */
export interface PluginRoute {
  path: string;
  method?: string;
  url: string;
  reqRole?: string;
  reqAction?: string;
  headers?: Array<{ name: string; content: string }>;
}

export interface PluginRouteRules {
  id: string;
  routes: PluginRoute[];
  roles: Array<{ role: { permissions: Array<{ action: string }> }; grants: string[] }>;
}

export function readPluginRouteRules(file = PLUGIN_JSON): PluginRouteRules {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Partial<PluginRouteRules>;
  return { id: json.id ?? '', routes: json.routes ?? [], roles: json.roles ?? [] };
}

/** Basic roles from least to most; each includes the ones before it (Grafana's RoleType.Includes). */
const ROLE_ORDER: readonly OrgRole[] = ['Viewer', 'Editor', 'Admin'];

export function isOrgRole(value: unknown): value is OrgRole {
  return (ROLE_ORDER as readonly unknown[]).includes(value);
}

export function roleIncludes(role: OrgRole, required: OrgRole): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(required);
}

/** The plugin actions a basic role holds: those of every plugin.json role granted to it or to a lesser role. */
export function actionsOf(rules: PluginRouteRules, role: OrgRole): Set<string> {
  return new Set(
    rules.roles
      .filter((r) => r.grants.some((grant) => isOrgRole(grant) && roleIncludes(role, grant)))
      .flatMap((r) => r.role.permissions.map((p) => p.action))
  );
}

/**
 * Matches a route path the way Grafana's plugin proxy does (a route tree since Grafana 11): literal
 * segments must be equal, `:name` matches one segment, a final `*` matches the rest. Returns the rest
 * (what is appended to the route's url), '' for a full match, or undefined for no match.
 */
export function matchRoutePath(pattern: string, proxyPath: string): string | undefined {
  const wanted = pattern.split('/').filter(Boolean);
  const actual = proxyPath.split('/').filter(Boolean);
  for (let i = 0; i < wanted.length; i++) {
    const segment = wanted[i]!;
    if (segment === '*' && i === wanted.length - 1) {
      return actual.slice(i).join('/');
    }
    const part = actual[i];
    if (part === undefined || (segment.startsWith(':') ? part === '' : part !== segment)) {
      return undefined;
    }
  }
  return actual.length === wanted.length ? '' : undefined;
}

export type RouteDecision =
  | { status: 404; message: string }
  | { status: 403; message: string }
  | { status: 200; route: PluginRoute; rest: string };

/**
 * What Grafana's plugin proxy (pkg/api/pluginproxy, HandleRequest and hasAccessToRoute) decides for a
 * request: the first route whose method (unset or `*` = any) and path match; 403 when the user lacks its
 * `reqAction` (RBAC) or, without one, its `reqRole`; 404 when no route matches.
 */
export function decideRoute(rules: PluginRouteRules, method: string, proxyPath: string, role: OrgRole): RouteDecision {
  for (const route of rules.routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    const rest = matchRoutePath(route.path, proxyPath);
    if (rest === undefined) {
      continue;
    }
    const allowed = route.reqAction
      ? actionsOf(rules, role).has(route.reqAction)
      : !isOrgRole(route.reqRole) || roleIncludes(role, route.reqRole);
    if (!allowed) {
      return { status: 403, message: 'plugin proxy route access denied' };
    }
    return { status: 200, route, rest };
  }
  return { status: 404, message: 'plugin route match not found' };
}

/** Fills `{{ .JsonData.x }}` and `{{ .SecureJsonData.x }}` as Grafana does for route urls and headers. */
export function interpolateRoute(
  template: string,
  jsonData: Record<string, unknown>,
  secureJsonData: Record<string, string>
): string {
  return template.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_match, scope: string, key: string) =>
    String((scope === 'JsonData' ? jsonData[key] : secureJsonData[key]) ?? '')
  );
}
