import path from 'node:path';

/** Everything `perflens up` can be told; defaults give the documented ports. */
export interface StackOptions {
  /** Where every process keeps its data and logs (default .perflens in the current folder). */
  dataDir: string;
  ports: {
    demo: number;
    exporter: number;
    prometheus: number;
    alertmanager: number;
    postgres: number;
    sink: number;
    smtp: number;
  };
  /** Your service's host:port targets to scrape instead of running the demo (repeatable). */
  targets: string[];
  /** Prometheus job label for --target (the SLO file's job is demo-api). */
  job: string;
  /** Your database instead of the throw-away PostgreSQL (the exporter reads its statistics). */
  databaseUrl?: string;
  /** Demo seed scale (1 = 600,000 order lines). */
  scale: number;
  /** Requests per second of the built-in traffic generator; 0 for none. */
  rate: number;
  /** Seconds between status lines; 0 for none. */
  statusEverySeconds: number;
  /** Install missing Debian packages when root (default); false only says what to install. */
  installPackages: boolean;
  /** Remove the data folder first (--reset): a first start, with a fresh cluster, seed and admin token. */
  reset?: boolean;
  /** How long Prometheus keeps samples (--retention, a duration such as 2d; default DEFAULT_RETENTION). */
  retention?: string;
}

/**
 * Prometheus retention of `perflens up`: short, because a laptop's stack is for today's investigation and its
 * data folder should not grow for weeks. The 30-day SLO windows need `--retention 35d` (docker-compose.yml's
 * default) to be filled.
 */
export const DEFAULT_RETENTION = '2d';

/** The repository root (bin/perflens.js, alert-rules/, provisioning/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const DEFAULT_PORTS: StackOptions['ports'] = {
  demo: 3000,
  exporter: 9464,
  prometheus: 9090,
  alertmanager: 9093,
  postgres: 5433,
  sink: 9099,
  smtp: 2525,
};
