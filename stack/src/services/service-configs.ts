import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { DEFAULT_RETENTION, REPO_ROOT, type StackOptions } from '../cli/stack-options';

/** prometheus.yml: the service(s), the exporter and Prometheus itself, with the project's rules. */
export function prometheusConfig(options: StackOptions, serviceTargets: string[]): string {
  const rules = ['alert-rules/rules', 'alert-rules/generated'].map((dir) =>
    path.join(REPO_ROOT, dir, '*.yml'),
  );
  return stringify({
    global: {
      scrape_interval: '5s',
      evaluation_interval: '5s',
      // Where alert links point (alert-rules/README.md, "Links"): runbooks served by the exporter, and
      // docker-compose.yml's Grafana (perflens up runs none).
      external_labels: {
        grafana_url: 'http://localhost:3001',
        runbooks_url: `http://127.0.0.1:${options.ports.exporter}/runbooks`,
      },
    },
    rule_files: rules,
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${options.ports.alertmanager}`] }] }],
    },
    scrape_configs: [
      { job_name: options.job, static_configs: [{ targets: serviceTargets }] },
      {
        job_name: 'perflens-exporter',
        static_configs: [{ targets: [`127.0.0.1:${options.ports.exporter}`] }],
      },
      { job_name: 'prometheus', static_configs: [{ targets: [`127.0.0.1:${options.ports.prometheus}`] }] },
      {
        job_name: 'alertmanager',
        static_configs: [{ targets: [`127.0.0.1:${options.ports.alertmanager}`] }],
      },
    ],
  });
}

/** The standalone exporter's configuration (see exporter/examples/perflens.example.yaml). */
export function exporterConfig(options: StackOptions, databaseUrl: string | undefined): string {
  return stringify({
    server: { host: '127.0.0.1', port: options.ports.exporter },
    logging: { level: 'warn' },
    postgres: { databases: databaseUrl ? [{ dsn: databaseUrl }] : [] },
    rum: {
      allowedOrigins: [`http://127.0.0.1:${options.ports.demo}`, `http://localhost:${options.ports.demo}`],
      pages: [{ pattern: '/' }],
    },
  });
}

/** How long Prometheus keeps its samples: `perflens up --retention` (stack-options.ts DEFAULT_RETENTION). */
export function retentionArgs(retention: string = DEFAULT_RETENTION): string[] {
  return [`--storage.tsdb.retention.time=${retention}`];
}

/** --web.external-url of a server on 127.0.0.1: the address alert links (silence, analyze) give out. */
export function externalUrlArgs(port: number): string[] {
  return [`--web.external-url=http://127.0.0.1:${port}`];
}

type Yaml = Record<string, unknown>;

/**
 * The project's alertmanager.yml (routing, grouping, inhibition, templates unchanged) in demo mode:
 * Slack and webhook receivers post to the local HTTP sink, email goes to the local SMTP sink without TLS
 * or password, and the templates are read from the repository.
 */
export function demoAlertmanagerConfig(options: StackOptions): string {
  const source = path.join(REPO_ROOT, 'provisioning', 'alertmanager');
  const config = parse(readFileSync(path.join(source, 'alertmanager.yml'), 'utf8')) as Yaml;
  const global = (config.global ?? {}) as Yaml;
  for (const key of Object.keys(global))
    if (key.startsWith('smtp_auth') || key.startsWith('slack_api_url')) delete global[key];
  config.global = { ...global, smtp_smarthost: `127.0.0.1:${options.ports.smtp}`, smtp_require_tls: false };
  const sink = `http://127.0.0.1:${options.ports.sink}`;
  for (const receiver of (config.receivers ?? []) as Yaml[]) {
    for (const slack of (receiver.slack_configs ?? []) as Yaml[]) {
      delete slack.api_url_file;
      slack.api_url = `${sink}/slack/${String(receiver.name)}`;
    }
    for (const hook of (receiver.webhook_configs ?? []) as Yaml[]) {
      delete hook.url_file;
      hook.url = `${sink}/webhook/${String(receiver.name)}`;
    }
    for (const email of (receiver.email_configs ?? []) as Yaml[]) {
      for (const key of Object.keys(email)) if (key.startsWith('auth_')) delete email[key];
      email.require_tls = false;
    }
  }
  config.templates = readdirSync(path.join(source, 'templates')).map((f) =>
    path.join(source, 'templates', f),
  );
  return stringify(config);
}
