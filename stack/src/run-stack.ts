import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startAlertSinks, type AlertSinks } from './sinks/alert-sinks';
import { startLoad } from './traffic/load-generator';
import { startLocalPostgres } from './services/local-postgres';
import { assertPortsFree, ensureBinaries, requiredBinaries } from './services/preflight';
import { httpOk, ProcessGroup, waitReady } from './services/process-group';
import { demoAlertmanagerConfig, exporterConfig, prometheusConfig } from './services/service-configs';
import { REPO_ROOT, type StackOptions } from './cli/stack-options';
import type { Traffic } from './traffic/traffic';

/** A started stack. */
export interface RunningStack {
  urls: Record<string, string>;
  stop(): Promise<void>;
}

const BIN = path.join(REPO_ROOT, 'bin', 'perflens.js');

/**
 * Starts, in dependency order: PostgreSQL (unless --database-url), the demo (unless --target), the
 * exporter, the alert sinks, Alertmanager in demo mode, Prometheus, then traffic. On any failure what
 * was started is stopped again before the error propagates.
 */
export async function runStack(options: StackOptions, log: (line: string) => void): Promise<RunningStack> {
  const withDemo = options.targets.length === 0;
  const withPostgres = options.databaseUrl === undefined;
  ensureBinaries(requiredBinaries(withPostgres), options.installPackages, log);
  const { demo, postgres, ...always } = options.ports;
  await assertPortsFree({ ...always, ...(withDemo ? { demo } : {}), ...(withPostgres ? { postgres } : {}) });

  const dir = path.resolve(options.dataDir);
  for (const sub of ['prometheus', 'alertmanager', 'sinks', 'logs'])
    mkdirSync(path.join(dir, sub), { recursive: true });
  const group = new ProcessGroup(path.join(dir, 'logs'));
  let sinks: AlertSinks | undefined;
  let traffic: Traffic | undefined;
  const stop = async () => {
    await traffic?.stop();
    await group.stopAll();
    await sinks?.close();
  };
  try {
    const urls: Record<string, string> = {};
    const databaseUrl = options.databaseUrl ?? (await startLocalPostgres(group, dir, postgres, log));
    if (withPostgres) urls.postgres = databaseUrl;
    const exporterUrl = `http://127.0.0.1:${options.ports.exporter}`;
    const adminToken = process.env.PERFLENS_DEMO_ADMIN_TOKEN ?? randomBytes(18).toString('base64url');
    if (withDemo) {
      const demoUrl = `http://127.0.0.1:${demo}`;
      log(`starting the demo (seeding at scale ${options.scale} on first start)`);
      const service = group.start(
        'demo',
        process.execPath,
        [
          BIN,
          'demo',
          '--database-url',
          databaseUrl,
          '--port',
          String(demo),
          '--scale',
          String(options.scale),
          '--exporter-url',
          exporterUrl,
        ],
        {
          env: { ...process.env, PERFLENS_DEMO_ADMIN_TOKEN: adminToken },
        },
      );
      await waitReady(service, () => httpOk(`${demoUrl}/readyz`), 600_000);
      urls.demo = demoUrl;
      urls['demo admin token'] = adminToken;
    }
    writeFileSync(path.join(dir, 'exporter.yaml'), exporterConfig(options, databaseUrl));
    const exporter = group.start('exporter', process.execPath, [
      BIN,
      'exporter',
      '--config',
      path.join(dir, 'exporter.yaml'),
    ]);
    await waitReady(exporter, () => httpOk(`${exporterUrl}/readyz`));
    urls.exporter = exporterUrl;

    sinks = await startAlertSinks(path.join(dir, 'sinks'), options.ports.sink, options.ports.smtp);
    urls['alert sinks'] = path.join(dir, 'sinks');
    writeFileSync(path.join(dir, 'alertmanager', 'alertmanager.yml'), demoAlertmanagerConfig(options));
    const alertmanagerUrl = `http://127.0.0.1:${options.ports.alertmanager}`;
    const alertmanager = group.start('alertmanager', '/usr/bin/prometheus-alertmanager', [
      `--config.file=${path.join(dir, 'alertmanager', 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'alertmanager', 'data')}`,
      `--web.listen-address=127.0.0.1:${options.ports.alertmanager}`,
      '--cluster.listen-address=',
    ]);
    await waitReady(alertmanager, () => httpOk(`${alertmanagerUrl}/-/ready`));
    urls.alertmanager = alertmanagerUrl;

    const targets = withDemo ? [`127.0.0.1:${demo}`] : options.targets;
    writeFileSync(path.join(dir, 'prometheus', 'prometheus.yml'), prometheusConfig(options, targets));
    const prometheusUrl = `http://127.0.0.1:${options.ports.prometheus}`;
    const prometheus = group.start('prometheus', '/usr/bin/prometheus', [
      `--config.file=${path.join(dir, 'prometheus', 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'prometheus', 'data')}`,
      `--web.listen-address=127.0.0.1:${options.ports.prometheus}`,
      '--web.enable-lifecycle',
      '--web.enable-remote-write-receiver',
    ]);
    await waitReady(prometheus, () => httpOk(`${prometheusUrl}/-/ready`));
    urls.prometheus = prometheusUrl;

    if (withDemo && options.rate > 0) {
      const load = startLoad(group, urls.demo!, options.ports.prometheus, options.rate);
      traffic = load.traffic;
      urls.traffic = load.kind;
    }
    return { urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
