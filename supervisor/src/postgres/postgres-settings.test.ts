import {
  monitoringPostgresSettings,
  renderPostgresConf,
  throwAwayPostgresSettings,
} from './postgres-settings';

describe('renderPostgresConf', () => {
  it('renders the settings of a throw-away cluster as quoted postgresql.conf lines', () => {
    expect(
      renderPostgresConf({
        ...monitoringPostgresSettings,
        ...throwAwayPostgresSettings,
        application_name: "it's",
      }),
    ).toBe(
      [
        '',
        '# Added by @perflens/supervisor',
        "listen_addresses = '127.0.0.1'",
        "shared_preload_libraries = 'pg_stat_statements'",
        "compute_query_id = 'on'",
        "pg_stat_statements.track = 'all'",
        "fsync = 'off'",
        "synchronous_commit = 'off'",
        "full_page_writes = 'off'",
        "application_name = 'it''s'",
        '',
      ].join('\n'),
    );
  });

  it('rejects a setting name that could inject another line', () => {
    expect(() => renderPostgresConf({ "work_mem = '1MB'\nfsync": 'on' })).toThrow(
      "invalid PostgreSQL setting name: work_mem = '1MB'\nfsync",
    );
  });
});
