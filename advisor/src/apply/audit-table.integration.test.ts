import { useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { AUDIT_TABLE, ensureAuditTable } from './audit-table';

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
