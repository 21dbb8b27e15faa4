import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  answersOk,
  type MemberExit,
  postgresCanEnter,
  ProcessGroup,
  startAlertmanagerServer,
  startPrometheusServer,
  waitUntilReady,
} from '@perflens/supervisor';
import { startAlertSinks } from './sinks/alert-sinks';
import { startLoad } from './traffic/load-generator';
import { demoAdminToken } from './services/admin-token';
import { existingSeedScale } from './services/demo-seed';
import { clusterFallbackFolder, startLocalPostgres } from './services/local-postgres';
import { resetDataDir } from './services/reset-data-dir';
import { assertPortsFree, ensureBinaries, requiredBinaries } from './services/preflight';
import {
  demoAlertmanagerConfig,
  exporterConfig,
  externalUrlArgs,
  prometheusConfig,
  retentionArgs,
} from './services/service-configs';
import { REPO_ROOT, type StackOptions } from './cli/stack-options';

/** A started stack. */
export interface RunningStack {
  urls: Record<string, string>;
  /** The demo's admin token (absent with --target: no demo runs). */
  adminToken?: string;
  /** Calls `listener` when a part's process ends other than through stop() (see ProcessGroup.onMemberExit). */
  onPartExit(listener: (exit: MemberExit) => void): () => void;
  stop(): Promise<void>;
}

const BIN = path.join(REPO_ROOT, 'bin', 'perflens.js');

/**
 * Starts, in dependency order: PostgreSQL (unless --database-url), the demo (unless --target), the
 * exporter, the alert sinks, Alertmanager in demo mode, Prometheus, then traffic. Every part joins one
 * process group, stopped in reverse order; each process logs to <data-dir>/logs/<part>.log. On any
 * failure, or when `signal` aborts (Ctrl-C during the start), what was started is stopped again before
 * the error propagates.
 */
export async function runStack(
  options: StackOptions,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<RunningStack> {
  const withDemo = options.targets.length === 0;
  const withPostgres = options.databaseUrl === undefined;
  ensureBinaries(requiredBinaries(withPostgres), options.installPackages, log);
  const { demo, postgres, ...always } = options.ports;
  await assertPortsFree({ ...always, ...(withDemo ? { demo } : {}), ...(withPostgres ? { postgres } : {}) });

  const dir = path.resolve(options.dataDir);
  // After the port check: a stack still running on this folder holds its ports, and keeps its data.
  if (options.reset) {
    mkdirSync(dir, { recursive: true });
    // As root with a folder the postgres account cannot enter, the cluster lived in /tmp (local-postgres.ts).
    resetDataDir(dir, withPostgres && !postgresCanEnter(dir) ? [clusterFallbackFolder(postgres)] : []);
    log(`--reset: removed ${dir}; this is a first start`);
  }
  for (const sub of ['sinks', 'logs']) mkdirSync(path.join(dir, sub), { recursive: true });
  const group = new ProcessGroup({ logDir: path.join(dir, 'logs') });
  const stop = () => group.stop();
  try {
    const urls: Record<string, string> = {};
    const databaseUrl = options.databaseUrl ?? (await startLocalPostgres(group, dir, postgres, log));
    if (withPostgres) urls.postgres = databaseUrl;
    signal?.throwIfAborted();
    const exporterUrl = `http://127.0.0.1:${options.ports.exporter}`;
    let adminToken: string | undefined;
    if (withDemo) {
      const admin = demoAdminToken(dir);
      adminToken = admin.token;
      const demoUrl = `http://127.0.0.1:${demo}`;
      const seededScale = await existingSeedScale(databaseUrl);
      log(
        seededScale === options.scale
          ? `starting the demo, reusing the seeded database (scale ${options.scale})`
          : `starting the demo, seeding the database at scale ${options.scale}` +
              (seededScale === undefined ? '' : ` (replacing the seed of scale ${seededScale})`) +
              (options.scale >= 0.5 ? '; this takes minutes on a small machine' : ''),
      );
      const service = await group.start({
        label: 'demo',
        command: process.execPath,
        args: [
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
        env: { ...process.env, PERFLENS_DEMO_ADMIN_TOKEN: admin.token },
      });
      // Seeding at scale 1 takes minutes on a small machine.
      await waitUntilReady(service, () => answersOk(`${demoUrl}/readyz`), {
        timeoutMs: 600_000,
        intervalMs: 250,
        signal,
      });
      urls.demo = demoUrl;
      urls['demo admin token'] =
        admin.file === undefined
          ? 'from $PERFLENS_DEMO_ADMIN_TOKEN'
          : `${admin.source === 'reused' ? 'reused from' : 'kept in'} ${admin.file}`;
    }
    writeFileSync(path.join(dir, 'exporter.yaml'), exporterConfig(options, databaseUrl));
    const exporter = await group.start({
      label: 'exporter',
      command: process.execPath,
      args: [BIN, 'exporter', '--config', path.join(dir, 'exporter.yaml')],
    });
    await waitUntilReady(exporter, () => answersOk(`${exporterUrl}/readyz`), {
      timeoutMs: 120_000,
      intervalMs: 250,
      signal,
    });
    urls.exporter = exporterUrl;

    group.add(
      'alert sinks',
      await startAlertSinks(path.join(dir, 'sinks'), options.ports.sink, options.ports.smtp),
    );
    urls['alert sinks'] = path.join(dir, 'sinks');
    const alertmanager = group.add(
      'alertmanager',
      await startAlertmanagerServer({
        config: demoAlertmanagerConfig(options),
        dir: path.join(dir, 'alertmanager'),
        port: options.ports.alertmanager,
        extraArgs: externalUrlArgs(options.ports.alertmanager),
        logFile: group.logFile('alertmanager'),
        startupTimeoutMs: 120_000,
      }),
    );
    urls.alertmanager = alertmanager.url;
    signal?.throwIfAborted();

    const targets = withDemo ? [`127.0.0.1:${demo}`] : options.targets;
    const prometheus = group.add(
      'prometheus',
      await startPrometheusServer({
        config: prometheusConfig(options, targets),
        dir: path.join(dir, 'prometheus'),
        port: options.ports.prometheus,
        // k6 writes its results here (experimental-prometheus-rw output).
        extraArgs: [
          '--web.enable-remote-write-receiver',
          ...externalUrlArgs(options.ports.prometheus),
          ...retentionArgs(options.retention),
        ],
        logFile: group.logFile('prometheus'),
        startupTimeoutMs: 120_000,
      }),
    );
    urls.prometheus = prometheus.url;
    signal?.throwIfAborted();

    if (withDemo && options.rate > 0) {
      urls.traffic = await startLoad(group, urls.demo!, options.ports.prometheus, options.rate, log);
    }
    return {
      urls,
      ...(adminToken === undefined ? {} : { adminToken }),
      stop,
      onPartExit: (listener) => group.onMemberExit(listener),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
