import path from 'node:path';
import { envVars } from '../env-vars';
import { isExecutable, requireBinary } from './binaries';

/** The programs the supervisor starts. */
export type ServiceBinaryName =
  'initdb' | 'postgres' | 'prometheus' | 'alertmanager' | 'victoria-metrics' | 'vmagent' | 'vmalert';

/** Where one program is looked for, and what provides it. */
export interface ServiceBinary {
  name: ServiceBinaryName;
  path: string;
  /** The Debian package that installs it at its default path. */
  debianPackage: string;
  /** The environment variable that points elsewhere (a folder for PostgreSQL, a file otherwise). */
  envVar: string;
}

/** Where Debian's postgresql-15 package installs the server binaries. */
export const defaultPostgresBinDir = '/usr/lib/postgresql/15/bin';

interface BinaryEntry {
  debianPackage: string;
  envVar: string;
  /** The path from an explicit override (a folder for PostgreSQL), else the environment, else Debian's. */
  locate(override: string | undefined): string;
}

const postgresBinDir = (override: string | undefined) =>
  override ?? process.env[envVars.postgresBinDir] ?? defaultPostgresBinDir;

// The one table of binaries: the service starters and `perflens up`'s installer both read it.
const table: Record<ServiceBinaryName, BinaryEntry> = {
  initdb: {
    debianPackage: 'postgresql',
    envVar: envVars.postgresBinDir,
    locate: (binDir) => path.join(postgresBinDir(binDir), 'initdb'),
  },
  postgres: {
    debianPackage: 'postgresql',
    envVar: envVars.postgresBinDir,
    locate: (binDir) => path.join(postgresBinDir(binDir), 'postgres'),
  },
  prometheus: {
    debianPackage: 'prometheus',
    envVar: envVars.prometheusBin,
    locate: (binary) => binary ?? process.env[envVars.prometheusBin] ?? '/usr/bin/prometheus',
  },
  alertmanager: {
    debianPackage: 'prometheus-alertmanager',
    envVar: envVars.alertmanagerBin,
    locate: (binary) => binary ?? process.env[envVars.alertmanagerBin] ?? '/usr/bin/prometheus-alertmanager',
  },
  // The Debian package victoria-metrics installs all three (the single-node store, the scraper, the ruler).
  'victoria-metrics': {
    debianPackage: 'victoria-metrics',
    envVar: envVars.victoriaMetricsBin,
    locate: (binary) => binary ?? process.env[envVars.victoriaMetricsBin] ?? '/usr/bin/victoria-metrics',
  },
  vmagent: {
    debianPackage: 'victoria-metrics',
    envVar: envVars.vmagentBin,
    locate: (binary) => binary ?? process.env[envVars.vmagentBin] ?? '/usr/bin/vmagent',
  },
  vmalert: {
    debianPackage: 'victoria-metrics',
    envVar: envVars.vmalertBin,
    locate: (binary) => binary ?? process.env[envVars.vmalertBin] ?? '/usr/bin/vmalert',
  },
};

/**
 * The Debian package of each PostgreSQL extension Perflens uses. Debian 12's postgresql-15 ships the contrib
 * modules itself and `postgresql-contrib` depends on it, so asking for the latter is right on every release.
 */
export const postgresExtensionPackages = {
  pg_stat_statements: 'postgresql-contrib',
  hypopg: 'postgresql-15-hypopg',
} as const;

/** Where `name` is looked for: `override` (the bin folder for initdb and postgres), its env var, then Debian's path. */
export function locateBinary(name: ServiceBinaryName, override?: string): ServiceBinary {
  const entry = table[name];
  return { name, path: entry.locate(override), debianPackage: entry.debianPackage, envVar: entry.envVar };
}

/** The path of `name`, checked to be executable; a {@link MissingBinaryError} names the package otherwise. */
export function requireServiceBinary(name: ServiceBinaryName, override?: string): string {
  const binary = locateBinary(name, override);
  return requireBinary(binary.path, binary.debianPackage, binary.envVar);
}

/** The binaries among `binaries` that are absent or not executable. */
export function missingBinaries(binaries: readonly ServiceBinary[]): ServiceBinary[] {
  return binaries.filter((binary) => !isExecutable(binary.path));
}
