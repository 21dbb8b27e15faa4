import { DASHBOARD_UIDS } from '@perflens/conventions';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import pluginJson from './plugin.json';

const repo = path.join(__dirname, '..', '..');

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

  it('prefixes every RBAC action with the plugin id and grants reading to Viewers, silencing to Editors', () => {
    expect(pluginJson.roles.map((r) => [r.role.permissions.map((p) => p.action), r.grants])).toEqual([
      [['perflens-insights-app.findings:read'], ['Viewer']],
      [['perflens-insights-app.silences:write'], ['Editor']],
    ]);
  });

  it('keeps the exporter token server-side: the route reads secureJsonData', () => {
    expect(pluginJson.routes).toEqual([
      expect.objectContaining({
        path: 'exporter',
        url: '{{ .JsonData.exporterUrl }}',
        headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.exporterToken }}' }],
      }),
    ]);
  });

  it('asks for the Grafana that docker-compose.yml runs', () => {
    const image = /image: grafana\/grafana:(\d+\.\d+\.\d+)/.exec(
      readFileSync(path.join(repo, 'docker-compose.yml'), 'utf8')
    );
    expect(pluginJson.dependencies.grafanaDependency).toBe(`>=${image?.[1]}`);
  });
});
