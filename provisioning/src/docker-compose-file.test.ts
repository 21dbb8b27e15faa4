import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const repo = path.resolve(__dirname, '..', '..');
const composeFile = path.join(repo, 'docker-compose.yml');

interface Service {
  image: string;
  volumes?: string[];
  environment?: Record<string, string>;
}

/** The file as docker-compose resolves it (anchors merged), from Debian's docker-compose 1.29. */
function resolvedConfig(): { services: Record<string, Service> } {
  const result = spawnSync('docker-compose', ['-f', composeFile, 'config'], { encoding: 'utf8' });
  if (result.error)
    throw new Error(
      `docker-compose is not installed (apt-get install docker-compose): ${result.error.message}`,
    );
  if (result.status !== 0) throw new Error(`docker-compose config failed:\n${result.stderr}`);
  return parse(result.stdout) as { services: Record<string, Service> };
}

// Built artefacts: mounted from folders a build creates. The test checks the folder that holds them.
const BUILT_PATHS = new Set(['plugin/dist']);

describe('docker-compose.yml', () => {
  const config = resolvedConfig();
  const services = Object.entries(config.services);

  it('is valid for docker-compose and defines the stack with Grafana and a mail sink', () => {
    expect(Object.keys(config.services).sort()).toEqual([
      'alertmanager',
      'demo',
      'exporter',
      'grafana',
      'mailpit',
      'postgres',
      'prometheus',
    ]);
  });

  it.each(services)('pins the image of %s to a version', (_name, service) => {
    expect(service.image).toMatch(/^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.-]+)?$/);
  });

  it('runs a Grafana that satisfies the plugin grafanaDependency (>=12.3.0) and loads the unsigned app', () => {
    const grafana = config.services.grafana!;
    const [major, minor] = grafana.image.split(':')[1]!.split('.').map(Number);
    expect(major! > 12 || (major === 12 && minor! >= 3)).toBe(true);
    expect(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe('perflens-insights-app');
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
    expect(app.apps).toEqual([
      {
        type: 'perflens-insights-app',
        org_id: 1,
        disabled: false,
        jsonData: { prometheusUid: 'prometheus', alertmanagerUid: 'alertmanager' },
      },
    ]);
  });
});
