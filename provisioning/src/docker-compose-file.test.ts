import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseDuration } from '@perflens/conventions';

const repo = path.resolve(__dirname, '..', '..');
const composeFile = path.join(repo, 'docker-compose.yml');

interface Service {
  image: string;
  build?: { context: string };
  command?: string[];
  ports?: Array<{ published: number | string; target: number }>;
  volumes?: string[];
  environment?: Record<string, string>;
}

/**
 * The file as docker-compose resolves it (anchors merged, `${VAR:-default}` filled in), from Debian's
 * docker-compose 1.29, with the `PERFLENS_*` variables of `env` only (none of the caller's).
 */
function resolvedConfig(env: Record<string, string> = {}): { services: Record<string, Service> } {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('PERFLENS_'));
  const result = spawnSync('docker-compose', ['-f', composeFile, 'config'], {
    encoding: 'utf8',
    env: { ...Object.fromEntries(inherited), ...env },
  });
  if (result.error)
    throw new Error(
      `docker-compose is not installed (apt-get install docker-compose): ${result.error.message}`,
    );
  if (result.status !== 0) throw new Error(`docker-compose config failed:\n${result.stderr}`);
  return parse(result.stdout) as { services: Record<string, Service> };
}

// Built artefacts: mounted from folders a build creates. The test checks the folder that holds them.
const BUILT_PATHS = new Set(['plugin/dist', 'k6-scripts/dist']);

function yamlFile<T>(relative: string): T {
  return parse(readFileSync(path.join(repo, relative), 'utf8')) as T;
}

/** The host port a service publishes for a container port ('3001:3000' → 3001 for 3000). */
function hostPort(service: Service, containerPort: number): number | undefined {
  const mapping = (service.ports ?? []).find((p) => p.target === containerPort);
  return mapping === undefined ? undefined : Number(mapping.published);
}

function flag(service: Service, name: string): string | undefined {
  return (service.command ?? []).find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

describe('docker-compose.yml', () => {
  const config = resolvedConfig();
  const services = Object.entries(config.services);

  it('is valid for docker-compose and defines the stack with Grafana and a mail sink', () => {
    expect(Object.keys(config.services).sort()).toEqual([
      'alert-webhook',
      'alertmanager',
      'demo',
      'exporter',
      'grafana',
      'mailpit',
      'postgres',
      'prometheus',
      'traffic',
    ]);
  });

  it.each(services)('pins the image of %s to a version', (_name, service) => {
    expect(service.image).toMatch(/^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.-]+)?$/);
  });

  it('runs the Grafana the plugin is built against (major.minor of @grafana/ui), within its grafanaDependency', () => {
    const grafana = config.services.grafana!;
    const imageVersion = grafana.image.split(':')[1]!;
    const pluginPackage = JSON.parse(readFileSync(path.join(repo, 'plugin/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const majorMinor = (version: string) => /(\d+)\.(\d+)/.exec(version)?.slice(1, 3).join('.');
    expect(majorMinor(imageVersion)).toBe(majorMinor(pluginPackage.dependencies['@grafana/ui']!));
    const pluginJson = JSON.parse(readFileSync(path.join(repo, 'plugin/src/plugin.json'), 'utf8')) as {
      dependencies: { grafanaDependency: string };
    };
    const minimum = /^>=(\d+)\.(\d+)/.exec(pluginJson.dependencies.grafanaDependency)!.slice(1).map(Number);
    const [major, minor] = imageVersion.split('.').map(Number);
    expect(major! > minimum[0]! || (major === minimum[0] && minor! >= minimum[1]!)).toBe(true);
  });

  it('lets Grafana load every unsigned plugin the build contains, nested ones included', () => {
    const grafana = config.services.grafana!;
    // Every plugin.json under plugin/src becomes one in plugin/dist (the webpack entries); each is its own
    // plugin to Grafana's signature check.
    const pluginIds = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return pluginIds(full);
        return entry.name === 'plugin.json'
          ? [(JSON.parse(readFileSync(full, 'utf8')) as { id: string }).id]
          : [];
      });
    const ids = pluginIds(path.join(repo, 'plugin/src')).sort();
    expect(ids).toContain('perflens-insights-app');
    expect(ids.length).toBeGreaterThan(1);
    const allowed = (grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS ?? '').split(',');
    expect(allowed.map((id) => id.trim()).sort()).toEqual(ids);
    const targets = (grafana.volumes ?? []).map((v) => v.split(':')[1]);
    expect(targets).toEqual(
      expect.arrayContaining(['/etc/grafana/provisioning', '/var/lib/grafana/plugins/perflens-insights-app']),
    );
  });

  it('mounts only paths of this checkout that exist (built folders: their parent exists)', () => {
    const sources = services.flatMap(([name, service]) =>
      (service.volumes ?? [])
        .map((volume) => volume.split(':')[0]!)
        .filter((source) => source.startsWith('/') && !source.startsWith('/proc'))
        .map((source) => ({ name, relative: path.relative(repo, source) })),
    );
    expect(sources.length).toBeGreaterThanOrEqual(8);
    const missing = sources.filter(({ relative }) =>
      BUILT_PATHS.has(relative)
        ? !existsSync(path.dirname(path.join(repo, relative)))
        : !existsSync(path.join(repo, relative)),
    );
    expect(missing).toEqual([]);
  });

  it('points the dashboard provider at the folder where the generated dashboards are mounted', () => {
    const provider = parse(
      readFileSync(path.join(repo, 'provisioning/grafana/dashboards/perflens.yaml'), 'utf8'),
    ) as {
      providers: Array<{ options: { path: string } }>;
    };
    expect(provider.providers[0]!.options.path).toBe('/etc/grafana/provisioning/dashboards');
    expect(existsSync(path.join(repo, 'provisioning/grafana/dashboards/perflens-slo.json'))).toBe(true);
  });

  it('links the provisioned data sources to the compose services', () => {
    const datasources = (
      parse(readFileSync(path.join(repo, 'provisioning/grafana/datasources/perflens.yaml'), 'utf8')) as {
        datasources: Array<{ uid: string; type: string; url: string; jsonData: Record<string, unknown> }>;
      }
    ).datasources.map(({ uid, type, url, jsonData }) => ({
      uid,
      type,
      url,
      linked: jsonData.alertmanagerUid ?? jsonData.implementation,
    }));
    expect(datasources).toEqual([
      { uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090', linked: 'alertmanager' },
      { uid: 'alertmanager', type: 'alertmanager', url: 'http://alertmanager:9093', linked: 'prometheus' },
    ]);
    const app = parse(
      readFileSync(path.join(repo, 'provisioning/grafana/plugins/perflens-insights-app.yaml'), 'utf8'),
    ) as {
      apps: Array<{ type: string; disabled: boolean; jsonData: Record<string, string> }>;
    };
    expect(app.apps).toMatchObject([
      {
        type: 'perflens-insights-app',
        disabled: false,
        jsonData: { prometheusUid: 'prometheus', alertmanagerUid: 'alertmanager' },
      },
    ]);
    // The advisor page reaches the exporter's compose service on the port it listens on.
    const exporterUrl = new URL(app.apps[0]!.jsonData.exporterUrl ?? '');
    expect(exporterUrl.hostname).toBe('exporter');
    expect(config.services.exporter).toBeDefined();
    const exporterConfig = yamlFile<{ server: { port: number } }>('provisioning/exporter/perflens.yaml');
    expect(Number(exporterUrl.port)).toBe(exporterConfig.server.port);
    expect(hostPort(config.services.exporter!, exporterConfig.server.port)).toBeDefined();
  });

  it('gives every link of a notification an address the host reaches (external URLs and link labels)', () => {
    const { prometheus, alertmanager, grafana, exporter } = config.services as Record<string, Service>;
    const prometheusUrl = new URL(flag(prometheus!, '--web.external-url') ?? '');
    expect(Number(prometheusUrl.port)).toBe(hostPort(prometheus!, 9090));
    const alertmanagerUrl = new URL(flag(alertmanager!, '--web.external-url') ?? '');
    expect(Number(alertmanagerUrl.port)).toBe(hostPort(alertmanager!, 9093));
    // prometheus.yml's external labels come from the environment Prometheus gets.
    expect(prometheus!.command).toContain('--enable-feature=expand-external-labels');
    const labels = yamlFile<{ global: { external_labels: Record<string, string> } }>(
      'provisioning/prometheus/prometheus.yml',
    ).global.external_labels;
    expect(labels).toEqual({
      grafana_url: '${PERFLENS_GRAFANA_URL}',
      runbooks_url: '${PERFLENS_RUNBOOKS_URL}',
    });
    const grafanaUrl = new URL(prometheus!.environment?.PERFLENS_GRAFANA_URL ?? '');
    expect(Number(grafanaUrl.port)).toBe(hostPort(grafana!, 3000));
    const runbooksUrl = new URL(prometheus!.environment?.PERFLENS_RUNBOOKS_URL ?? '');
    expect(Number(runbooksUrl.port)).toBe(hostPort(exporter!, 9464));
    expect(runbooksUrl.pathname).toBe('/runbooks');
  });

  it('keeps Prometheus data for the longest SLO window by default, longer or shorter when told', () => {
    const retention = (resolved: { services: Record<string, Service> }) =>
      flag(resolved.services.prometheus!, '--storage.tsdb.retention.time') ?? '';
    const slo = yamlFile<{ services: Array<{ slos: Array<{ window: string }> }> }>('alert-rules/slo.yaml');
    const longestWindow = Math.max(
      ...slo.services.flatMap((s) => s.slos.map((objective) => parseDuration(objective.window))),
    );
    expect(parseDuration(retention(config))).toBeGreaterThanOrEqual(longestWindow);
    expect(retention(resolvedConfig({ PERFLENS_PROMETHEUS_RETENTION: '90d' }))).toBe('90d');
  });

  it('runs the production Alertmanager routing with Mailpit and the local webhook as sinks', () => {
    type AmConfig = Record<string, unknown> & {
      global: Record<string, unknown>;
      receivers: Array<{ name: string; webhook_configs?: Array<{ url: string }> }>;
    };
    const production = yamlFile<AmConfig>('provisioning/alertmanager/alertmanager.yml');
    const compose = yamlFile<AmConfig>('provisioning/alertmanager/compose/alertmanager.yml');
    for (const key of ['route', 'inhibit_rules', 'templates']) expect(compose[key]).toEqual(production[key]);
    expect(compose.receivers.map((r) => r.name)).toEqual(production.receivers.map((r) => r.name));
    expect(compose.global).toMatchObject({ smtp_smarthost: 'mailpit:1025', smtp_require_tls: false });
    const webhook = config.services['alert-webhook']!;
    const listen = /listen\((\d+)\)/.exec((webhook.command ?? []).join(' '))?.[1];
    const hooks = compose.receivers.flatMap((r) => (r.webhook_configs ?? []).map((w) => new URL(w.url)));
    const secretsDir = path.join(repo, 'provisioning/alertmanager/compose-secrets');
    const slackUrls = ['slack-paging-webhook-url', 'slack-alerts-webhook-url'].map(
      (file) => new URL(readFileSync(path.join(secretsDir, file), 'utf8').trim()),
    );
    expect(hooks.length).toBeGreaterThan(0);
    for (const url of [...hooks, ...slackUrls]) expect(url.host).toBe(`alert-webhook:${listen}`);
    const mounts = config.services.alertmanager!.volumes ?? [];
    expect(mounts).toContain(`${secretsDir}:/etc/alertmanager/secrets:ro`);
  });

  it('builds PostgreSQL with hypopg and declares the Prometheus version of the image to Grafana', () => {
    const postgres = config.services.postgres!;
    const dockerfile = readFileSync(path.join(postgres.build!.context, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM postgres:15\./m);
    expect(dockerfile).toContain('postgresql-15-hypopg');
    const datasources = yamlFile<{ datasources: Array<{ uid: string; jsonData: Record<string, unknown> }> }>(
      'provisioning/grafana/datasources/perflens.yaml',
    ).datasources;
    const version = datasources.find((d) => d.uid === 'prometheus')?.jsonData.prometheusVersion;
    expect(`v${String(version)}`).toBe(config.services.prometheus!.image.split(':')[1]);
  });

  it('sends traffic to the demo with a k6 script the build writes', () => {
    const traffic = config.services.traffic!;
    // The demo listens on 3000 in its container (--port) and publishes it.
    expect(config.services.demo!.command).toContain('--port=3000');
    expect(hostPort(config.services.demo!, 3000)).toBe(3000);
    expect(traffic.environment?.BASE_URL).toBe('http://demo:3000');
    const script = (traffic.command ?? []).at(-1) ?? '';
    const mount = (traffic.volumes ?? []).find((v) => script.startsWith(`${v.split(':')[1]}/`));
    expect(mount && path.relative(repo, mount.split(':')[0]!)).toBe('k6-scripts/dist');
    expect(path.basename(script)).toBe('average-load.js');
    expect(existsSync(path.join(repo, 'k6-scripts/src', 'average-load.ts'))).toBe(true);
  });

  it('points every dashboard (its data source variable) at a provisioned data source uid', () => {
    const provisioned = new Set(
      yamlFile<{ datasources: Array<{ uid: string }> }>(
        'provisioning/grafana/datasources/perflens.yaml',
      ).datasources.map((d) => d.uid),
    );
    const dir = path.join(repo, 'provisioning/grafana/dashboards');
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const dashboard = JSON.parse(text) as {
        templating?: { list: Array<{ type: string; current?: { value: string } }> };
      };
      for (const variable of dashboard.templating?.list ?? [])
        if (variable.type === 'datasource' && variable.current) used.add(variable.current.value);
      for (const [, uid] of text.matchAll(/"datasource":\s*\{[^}]*"uid":\s*"([^"$]+)"/g)) used.add(uid!);
    }
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((uid) => !provisioned.has(uid))).toEqual([]);
  });
});
