import { existsSync, readdirSync, rmSync } from 'node:fs';
import { ADMIN_TOKEN_FILE } from './admin-token';

/**
 * Everything `perflens up` writes into its data folder (the k6 results go to logs/). Anything else means the
 * folder is not only the stack's: `--reset --data-dir .` in a checkout must not delete the checkout.
 */
export const DATA_DIR_ENTRIES = [
  'postgres',
  'logs',
  'sinks',
  'prometheus',
  'alertmanager',
  'exporter.yaml',
  ADMIN_TOKEN_FILE,
];

/**
 * `perflens up --reset`: removes the data folder (the cluster and its seed, Prometheus's TSDB, silences,
 * sink files, logs, the admin token) and `extraDirs` (the cluster's /tmp fallback when run as root), so the
 * start that follows is a first start. Throws, removing nothing, when the folder holds anything else.
 */
export function resetDataDir(dataDir: string, extraDirs: readonly string[] = []): void {
  if (existsSync(dataDir)) {
    const foreign = readdirSync(dataDir).filter((entry) => !DATA_DIR_ENTRIES.includes(entry));
    if (foreign.length > 0)
      throw new Error(
        `--reset would delete ${dataDir}, which holds more than perflens up's data ` +
          `(${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}); ` +
          'remove it yourself or choose another --data-dir',
      );
  }
  for (const dir of [dataDir, ...extraDirs]) rmSync(dir, { recursive: true, force: true });
}
