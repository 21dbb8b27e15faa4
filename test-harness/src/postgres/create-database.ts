import { randomBytes } from 'node:crypto';
import { postgresExtensionPackages, withPostgresClient } from '@perflens/supervisor';

/** The extensions every test database gets, with the Debian package that ships each (PostgreSQL 15). */
export const testDatabaseExtensions = (['pg_stat_statements', 'hypopg'] as const).map((name) => ({
  name,
  debianPackage: postgresExtensionPackages[name],
}));

/** Returns `connectionString` pointing at another database of the same server. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A database name unlikely to collide between parallel test files sharing one cluster. */
export function randomDatabaseName(): string {
  return `perflens_test_${randomBytes(6).toString('hex')}`;
}

/**
 * Creates a database through the superuser connection `adminUrl`, installs pg_stat_statements and hypopg
 * in it (extensions are per database), and returns its connection string. A missing extension fails with
 * the Debian package to install rather than PostgreSQL's file-not-found message.
 */
export async function createTestDatabase(adminUrl: string, name = randomDatabaseName()): Promise<string> {
  await withPostgresClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  const url = withDatabase(adminUrl, name);
  await withPostgresClient(url, async (client) => {
    for (const extension of testDatabaseExtensions) {
      try {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${extension.name}`);
      } catch (error) {
        throw new Error(
          `CREATE EXTENSION ${extension.name} failed in database ${name}: install the Debian package ` +
            `${extension.debianPackage} (apt-get install ${extension.debianPackage}); ${String(error)}`,
        );
      }
    }
  });
  return url;
}

/** Double-quotes an SQL identifier, doubling embedded quotes (PostgreSQL docs 4.1.1). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
