import { useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { AUDIT_TABLE, ensureAuditTable, readAudit } from './audit-table';
import { reconcileApplies } from './reconcile-applies';

describe('the audit table', () => {
  const database = useSharedPostgres();

  it('is created once when several sessions ask for it at the same moment (exporter start-up and a first request)', async () => {
    const clients = Array.from({ length: 6 }, () => new Client(database().connectionString));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const outcomes = await Promise.allSettled(clients.map((c) => ensureAuditTable(c)));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const rows = await clients[0]!.query(`SELECT count(*)::int AS n FROM ${AUDIT_TABLE}`);
      expect(rows.rows[0].n).toBe(0);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});

describe('reading the audit as a role that may not create it', () => {
  const database = useSharedPostgres();

  it('settles nothing, reads an empty audit, and creates no table (the advisor role without enable_apply)', async () => {
    const admin = new Client(database().connectionString);
    await admin.connect();
    // The cluster is shared by concurrent test files: a role of this test's own.
    const role = `audit_reader_${process.pid}_${Date.now()}`;
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    const url = new URL(database().connectionString);
    url.username = role;
    url.password = password;
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    const reader = new Client(url.toString());
    try {
      await reader.connect();
      expect(await reconcileApplies(reader, { lockTimeoutMs: 1_000 })).toEqual({ settled: [], running: [] });
      expect(await readAudit(reader, 10)).toEqual([]);
      const table = await admin.query('SELECT to_regclass($1) AS table', [AUDIT_TABLE]);
      expect(table.rows[0].table).toBeNull();
    } finally {
      await reader.end();
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });
});
