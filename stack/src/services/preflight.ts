import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
  isPortFree,
  locateBinary,
  missingBinaries,
  postgresExtensionPackages,
  type ServiceBinary,
} from '@perflens/supervisor';

/**
 * What `perflens up` runs, from the supervisor's binary table (so $PERFLENS_POSTGRES_BIN_DIR,
 * $PERFLENS_PROMETHEUS_BIN and $PERFLENS_ALERTMANAGER_BIN apply): PostgreSQL 15 unless --database-url,
 * Prometheus and Alertmanager.
 */
export function requiredBinaries(withPostgres: boolean): ServiceBinary[] {
  return [
    ...(withPostgres ? [locateBinary('initdb'), locateBinary('postgres')] : []),
    locateBinary('prometheus'),
    locateBinary('alertmanager'),
  ];
}

/**
 * The Debian packages that provide the missing binaries; a missing PostgreSQL also brings the packages of
 * pg_stat_statements, which the stack's cluster preloads, and hypopg, which the advisor proves advice with.
 */
export function packagesFor(missing: readonly ServiceBinary[]): string[] {
  const packages = missing.map((binary) => binary.debianPackage);
  if (missing.some((binary) => binary.name === 'postgres')) {
    packages.push(postgresExtensionPackages.pg_stat_statements, postgresExtensionPackages.hypopg);
  }
  return [...new Set(packages)];
}

/**
 * Installs the Debian packages of missing binaries when running as root on Debian or Ubuntu; otherwise
 * throws with the exact command to run. Returns the packages it installed.
 */
export function ensureBinaries(
  binaries: ServiceBinary[],
  install: boolean,
  log: (line: string) => void,
): string[] {
  const missing = missingBinaries(binaries);
  if (missing.length === 0) return [];
  const packages = packagesFor(missing);
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!install || process.getuid?.() !== 0 || !isDebianLike()) {
    const overrides = [...new Set(missing.map((binary) => binary.envVar))].join(', ');
    throw new Error(
      `missing programs: ${missing.map((binary) => binary.path).join(', ')}\n` +
        `install them with: sudo apt-get update && sudo ${command}\n` +
        `(or point ${overrides} at installed ones; on other systems: PostgreSQL 15 with contrib, ` +
        'Prometheus 2.42+ and Alertmanager 0.25+)',
    );
  }
  log(`installing ${packages.join(' ')} (apt-get)`);
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...packages],
  ]) {
    const result = spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      throw new Error(`apt-get ${args[0]} failed (exit ${result.status}); run: ${command}`);
  }
  return packages;
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
    if (!(await isPortFree(port))) busy.push(`${port} (${name}; change it with --${name}-port)`);
  }
  if (busy.length > 0) throw new Error(`ports already in use on 127.0.0.1: ${busy.join(', ')}`);
}
