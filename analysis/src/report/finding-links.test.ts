import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECK_CATALOGUE } from '../checks/check-catalogue';
import { LAYERS } from '../findings/finding';
import {
  DEFAULT_LINK_BASE,
  findingLinks,
  LAYER_DASHBOARD_UIDS,
  LAYER_DASHBOARD_VARIABLES,
} from './finding-links';

const PROVISIONED_DASHBOARDS = join(__dirname, '..', '..', '..', 'provisioning', 'grafana', 'dashboards');

/** The uids of the dashboard JSON files provisioning generates (what Grafana serves under /d/<uid>). */
function provisionedDashboardUids(): string[] {
  return readdirSync(PROVISIONED_DASHBOARDS)
    .filter((file) => file.endsWith('.json'))
    .map(
      (file) => (JSON.parse(readFileSync(join(PROVISIONED_DASHBOARDS, file), 'utf8')) as { uid: string }).uid,
    )
    .sort();
}

interface ProvisionedDashboard {
  uid: string;
  templating?: { list: Array<{ name: string; query?: string | { query?: string } }> };
}

/** Each provisioned dashboard's variables, by name, with the label their `label_values(…, label)` query reads. */
function provisionedVariables(uid: string): Record<string, string | undefined> {
  const dashboard = readdirSync(PROVISIONED_DASHBOARDS)
    .filter((file) => file.endsWith('.json'))
    .map(
      (file) => JSON.parse(readFileSync(join(PROVISIONED_DASHBOARDS, file), 'utf8')) as ProvisionedDashboard,
    )
    .find((d) => d.uid === uid);
  const variables: Record<string, string | undefined> = {};
  for (const variable of dashboard?.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    variables[variable.name] = /label_values\(.*,\s*(\w+)\)$/.exec(query ?? '')?.[1];
  }
  return variables;
}

/** The uid in a `/d/<uid>?var-...` link. */
function linkedUid(dashboardLink: string): string {
  const match = /\/d\/([^/?]+)/.exec(dashboardLink);
  if (!match?.[1]) throw new Error(`not a dashboard link: ${dashboardLink}`);
  return match[1];
}

describe('finding dashboard links', () => {
  const provisioned = provisionedDashboardUids();

  it('reads the provisioned dashboards', () => {
    expect(provisioned).toEqual(
      expect.arrayContaining(['perflens-api', 'perflens-db', 'perflens-nodejs', 'perflens-web-vitals']),
    );
  });

  it.each(LAYERS.map((layer) => [layer]))('the %s layer names a provisioned dashboard', (layer) => {
    expect(provisioned).toContain(LAYER_DASHBOARD_UIDS[layer]);
  });

  it.each(LAYERS.map((layer) => [layer]))(
    'the %s layer’s link variables are its dashboard’s, each selecting the label it is named for',
    (layer) => {
      const variables = provisionedVariables(LAYER_DASHBOARD_UIDS[layer]);
      for (const [label, variable] of Object.entries(LAYER_DASHBOARD_VARIABLES[layer])) {
        expect([label, variable, variables[variable]]).toEqual([label, variable, label]);
      }
    },
  );

  it.each(CHECK_CATALOGUE.map((check) => [check.id, check] as const))(
    '%s links to a provisioned dashboard',
    (_id, check) => {
      const links = findingLinks(
        { check: check.id, layer: check.layer, target: { job: 'demo-api', route: '/orders/:id' } },
        {
          runbookBaseUrl: 'https://example.test/analysis.md',
          grafanaUrl: 'https://grafana.example.test',
        },
      );
      expect(links.dashboard.startsWith('https://grafana.example.test/d/')).toBe(true);
      expect(provisioned).toContain(linkedUid(links.dashboard));
    },
  );
});

describe('findingLinks', () => {
  it.each([
    [
      'the default base: the docs on GitHub and a dashboard path relative to Grafana',
      DEFAULT_LINK_BASE,
      {
        runbook: 'https://github.com/perflens/perflens/blob/main/docs/analysis.md#apiroute-slower-than-slo',
        dashboard: '/d/perflens-api?var-job=demo-api&var-route=%2Forders%2F%3Aid',
      },
    ],
    [
      'a configured base',
      { runbookBaseUrl: 'https://docs.example.test/analysis', grafanaUrl: 'https://grafana.example.test' },
      {
        runbook: 'https://docs.example.test/analysis#apiroute-slower-than-slo',
        dashboard: 'https://grafana.example.test/d/perflens-api?var-job=demo-api&var-route=%2Forders%2F%3Aid',
      },
    ],
  ])(
    'links the check’s runbook section and the layer’s dashboard with the target as variables: %s',
    (_title, base, expected) => {
      expect(
        findingLinks(
          {
            check: 'api.route-slower-than-slo',
            layer: 'api',
            target: { job: 'demo-api', http_request_method: 'GET', http_route: '/orders/:id' },
          },
          base,
        ),
      ).toEqual(expected);
    },
  );
});
