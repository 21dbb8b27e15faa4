/**
 * Settings every cluster the supervisor creates gets. pg_stat_statements must be preloaded and query ids
 * computed for the exporter's statement metrics (PostgreSQL docs F.32); only loopback listens.
 */
export const monitoringPostgresSettings: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  shared_preload_libraries: 'pg_stat_statements',
  compute_query_id: 'on',
  'pg_stat_statements.track': 'all',
};

/**
 * Added for a throw-away cluster only: durability is switched off because it never needs crash safety and
 * fsync dominates test time ("Non-Durable Settings", docs 14.5). A kept cluster must survive a crash.
 */
export const throwAwayPostgresSettings: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

/**
 * Renders settings as postgresql.conf lines, later ones winning (the file is read top to bottom). Values are
 * always single-quoted, with quotes doubled, which postgresql.conf accepts for every parameter type.
 */
export function renderPostgresConf(settings: Readonly<Record<string, string>>): string {
  const lines = Object.entries(settings).map(([name, value]) => {
    if (!/^[a-z_][a-z0-9_.]*$/i.test(name)) throw new Error(`invalid PostgreSQL setting name: ${name}`);
    return `${name} = '${value.replace(/'/g, "''")}'`;
  });
  return `\n# Added by @perflens/supervisor\n${lines.join('\n')}\n`;
}
