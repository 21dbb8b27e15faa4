import { DASHBOARD_UIDS } from '@perflens/conventions';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import pluginJson from './plugin.json';

const repo = path.join(__dirname, '..', '..');

interface Route {
  path: string;
  method: string;
  url: string;
  reqRole: string;
  reqAction: string;
  headers?: Array<{ name: string; content: string }>;
}

/** Grafana's basic roles, least first; each includes the ones before it. */
const ROLES = ['Viewer', 'Editor', 'Admin'];
const atLeast = (role: string, grant: string) => ROLES.indexOf(role) >= ROLES.indexOf(grant) && ROLES.includes(grant);
/** A pinned method: never unset or `*`, which Grafana treats as any method. */
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('plugin.json', () => {
  it('includes every provisioned dashboard, from the files the build copies', () => {
    const included = pluginJson.includes.filter((i) => i.type === 'dashboard').map((i) => path.basename(i.path!));
    const provisioned = Object.values(DASHBOARD_UIDS)
      .map((uid) => `${uid}.json`)
      .sort();
    expect(included).toEqual(provisioned);
    for (const file of included) {
      expect(existsSync(path.join(repo, 'provisioning', 'grafana', 'dashboards', file))).toBe(true);
    }
  });

  it('prefixes every RBAC action with the plugin id: reading for Viewers, silencing for Editors, indexes for Admins', () => {
    expect(pluginJson.roles.map((r) => [r.role.permissions.map((p) => p.action), r.grants])).toEqual([
      [['perflens-insights-app.findings:read'], ['Viewer']],
      [['perflens-insights-app.silences:write'], ['Editor']],
      [['perflens-insights-app.indexes:write'], ['Admin']],
    ]);
  });

  describe('routes (Grafana checks them server-side, whatever the browser sends)', () => {
    const routes: Route[] = pluginJson.routes;
    /** The least basic role that holds an action through plugin.json's role grants. */
    const leastRoleWith = (action: string) =>
      ROLES.find((role) =>
        pluginJson.roles.some(
          (r) => r.role.permissions.some((p) => p.action === action) && r.grants.some((g) => atLeast(role, g))
        )
      );

    it.each(routes.map((route) => [`${route.method} ${route.path}`, route]))(
      '%s pins its method, a valid reqRole and a declared reqAction that the same role holds',
      (_name, route) => {
        expect(HTTP_METHODS).toContain(route.method);
        expect(ROLES).toContain(route.reqRole);
        expect(route.reqAction.startsWith(`${pluginJson.id}.`)).toBe(true);
        // With RBAC, Grafana checks reqAction and ignores reqRole: both must say the same.
        expect(leastRoleWith(route.reqAction)).toBe(route.reqRole);
      }
    );

    it('requires Editor or Admin on every route that changes state, and opens none of them to Viewers', () => {
      const writes = routes.filter((route) => route.method !== 'GET');
      expect(writes.map((route) => `${route.method} ${route.path}`)).toEqual([
        'POST exporter/api/v1/advisor/*',
        'POST alertmanager/api/v2/silences',
      ]);
      for (const route of writes) {
        expect(['Editor', 'Admin']).toContain(route.reqRole);
        expect(['Editor', 'Admin']).toContain(leastRoleWith(route.reqAction));
      }
      const openToViewers = routes.filter(
        (route) => route.reqRole === 'Viewer' || leastRoleWith(route.reqAction) === 'Viewer'
      );
      expect(openToViewers.map((route) => route.method)).toEqual(['GET']);
    });

    it('applies and rolls back indexes as Admin only, silences as Editor', () => {
      const rule = (method: string, pathName: string) =>
        routes.find((route) => route.method === method && route.path === pathName)!.reqRole;
      expect(rule('POST', 'exporter/api/v1/advisor/*')).toBe('Admin');
      expect(rule('POST', 'alertmanager/api/v2/silences')).toBe('Editor');
      expect(rule('GET', 'exporter/api/v1/advisor/*')).toBe('Viewer');
    });

    it('keeps the exporter token server-side: the exporter routes read secureJsonData', () => {
      const exporterRoutes = routes.filter((route) => route.path.startsWith('exporter/'));
      expect(exporterRoutes).toHaveLength(2);
      for (const route of exporterRoutes) {
        expect(route).toMatchObject({
          url: '{{ .JsonData.exporterUrl }}/api/v1/advisor',
          headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.exporterToken }}' }],
        });
      }
    });
  });

  it('asks for the Grafana that docker-compose.yml runs', () => {
    const image = /image: grafana\/grafana:(\d+\.\d+\.\d+)/.exec(
      readFileSync(path.join(repo, 'docker-compose.yml'), 'utf8')
    );
    expect(pluginJson.dependencies.grafanaDependency).toBe(`>=${image?.[1]}`);
  });
});
