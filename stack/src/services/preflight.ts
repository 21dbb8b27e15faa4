import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';

/** A program the stack runs, and the Debian package that provides it. */
export interface RequiredBinary {
  path: string;
  debianPackage: string;
}

export const POSTGRES_BIN_DIR = process.env.PERFLENS_POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/** What `perflens up` runs: PostgreSQL 15 (with pg_stat_statements from contrib), Prometheus, Alertmanager. */
export function requiredBinaries(withPostgres: boolean): RequiredBinary[] {
  return [
    ...(withPostgres
      ? [
          { path: `${POSTGRES_BIN_DIR}/initdb`, debianPackage: 'postgresql' },
          { path: `${POSTGRES_BIN_DIR}/postgres`, debianPackage: 'postgresql-contrib' },
        ]
      : []),
    { path: '/usr/bin/prometheus', debianPackage: 'prometheus' },
    { path: '/usr/bin/prometheus-alertmanager', debianPackage: 'prometheus-alertmanager' },
  ];
}

/**
 * Installs the Debian packages of missing binaries when running as root on Debian or Ubuntu; otherwise
 * throws with the exact command to run. Returns the packages it installed.
 */
export function ensureBinaries(
  binaries: RequiredBinary[],
  install: boolean,
  log: (line: string) => void,
): string[] {
  const missing = [...new Set(binaries.filter((b) => !existsSync(b.path)).map((b) => b.debianPackage))];
  if (missing.length === 0) return [];
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!install || process.getuid?.() !== 0 || !isDebianLike()) {
    throw new Error(
      `missing programs: ${binaries
        .filter((b) => !existsSync(b.path))
        .map((b) => b.path)
        .join(', ')}\n` +
        `install them with: sudo apt-get update && sudo ${command}\n` +
        '(on other systems: PostgreSQL 15 with contrib, Prometheus 2.42+ and Alertmanager 0.25+)',
    );
  }
  log(`installing ${missing.join(' ')} (apt-get)`);
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...missing],
  ]) {
    const result = spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      throw new Error(`apt-get ${args[0]} failed (exit ${result.status}); run: ${command}`);
  }
  return missing;
}

function isDebianLike(): boolean {
  return existsSync('/etc/debian_version') || /ID(_LIKE)?=.*(debian|ubuntu)/.test(readOsRelease());
}

function readOsRelease(): string {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** Throws naming every port already in use on 127.0.0.1 and the option that changes it. */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const busy: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    if (!(await canListen(port))) busy.push(`${port} (${name}; change it with --${name}-port)`);
  }
  if (busy.length > 0) throw new Error(`ports already in use on 127.0.0.1: ${busy.join(', ')}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
