import { useSharedPostgres } from '@perflens/test-harness';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadExporterConfig } from './exporter-config';
import { startExporterServer } from './exporter-server';

const VIEWER_TOKEN = 'viewer-token-0123456789abcdef012345';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef0123456';

describe('the advisor in the standalone exporter', () => {
  const database = useSharedPostgres();
  const inFolder = (use: (dir: string) => void | Promise<void>) => async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-advisor-'));
    try {
      await use(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const advisorConfig = (dir: string, viewer: string, admin: string) => {
    writeFileSync(path.join(dir, 'viewer'), `${viewer}\n`);
    writeFileSync(path.join(dir, 'admin'), `${admin}\n`);
    const file = path.join(dir, 'perflens.yaml');
    writeFileSync(
      file,
      `server: { host: 127.0.0.1, port: 0 }\nhost: { enabled: false }\nrum: { enabled: false }\n` +
        `postgres: { databases: [{ dsn: "${database().connectionString}" }] }\n` +
        // The harness's DSN is a superuser's (advisor/test/advisor-privileges covers the refusal).
        `advisor: { enabled: true, viewerTokenFile: viewer, adminTokenFile: admin, allowSuperuser: true }\n`,
    );
    return file;
  };

  it(
    'serves the audit and the report under /api/v1/advisor with the token read from its file',
    inFolder(async (dir) => {
      const file = advisorConfig(dir, VIEWER_TOKEN, ADMIN_TOKEN);
      const exporter = await startExporterServer(loadExporterConfig(file, {}), pino({ level: 'silent' }));
      try {
        // /audit answers without an advisor run, so this checks the mount and the token file alone.
        const denied = await fetch(`${exporter.url}/api/v1/advisor/audit`);
        const allowed = await fetch(`${exporter.url}/api/v1/advisor/audit`, {
          headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
        });
        expect([denied.status, allowed.status]).toEqual([401, 200]);
        expect(await allowed.json()).toEqual([]);
        const report = await fetch(`${exporter.url}/api/v1/advisor/recommendations`, {
          headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
        });
        expect(report.status).toBe(200);
        expect(((await report.json()) as { hypopg: boolean }).hypopg).toBe(true);
        expect(await (await fetch(`${exporter.url}/metrics`)).text()).toMatch(
          /^perflens_advisor_recommendations\{kind="missing-index",severity="critical"\} 0$/m,
        );
      } finally {
        await exporter.close();
      }
    }),
  );

  it('names the missing token files when the advisor is enabled', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-advisor-'));
    try {
      const file = path.join(dir, 'perflens.yaml');
      writeFileSync(file, 'advisor: { enabled: true }\n');
      expect(() => loadExporterConfig(file, {})).toThrow(
        `${file}: advisor: expected viewerTokenFile and adminTokenFile when the advisor is enabled`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'names the token file that is too short, and refuses equal viewer and admin tokens',
    inFolder((dir) => {
      const short = advisorConfig(dir, 'short-token', ADMIN_TOKEN);
      expect(() => loadExporterConfig(short, {})).toThrow(
        `${short}: advisor.viewerTokenFile: the token in ${path.join(dir, 'viewer')} has 11 characters; expected at least 32`,
      );
      const same = advisorConfig(dir, VIEWER_TOKEN, VIEWER_TOKEN);
      expect(() => loadExporterConfig(same, {})).toThrow(
        `${same}: advisor.adminTokenFile: the admin token equals the viewer token (advisor.viewerTokenFile); expected two different tokens`,
      );
    }),
  );

  it(
    'settles an apply left pending by a crash when it starts',
    inFolder(async (dir) => {
      const file = advisorConfig(dir, VIEWER_TOKEN, ADMIN_TOKEN);
      const client = new Client({ connectionString: database().connectionString });
      await client.connect();
      try {
        const first = await startExporterServer(loadExporterConfig(file, {}), pino({ level: 'silent' }));
        // Reading the audit creates the audit table; then a crash is staged: the index got built, the
        // process died before recording it.
        await fetch(`${first.url}/api/v1/advisor/audit`, {
          headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
        });
        await first.close();
        await client.query(`CREATE TABLE crashed (id int PRIMARY KEY, k int);
          CREATE INDEX crashed_k_idx ON crashed (k);
          INSERT INTO perflens_advisor.audit (actor, action, recommendation_id, kind, sql, outcome, details)
          VALUES ('alice', 'apply', 'missing-index-00000000c4a5', 'missing-index',
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS crashed_k_idx ON public.crashed (k)', 'pending',
            '{"target": {"schema": "public", "index": "crashed_k_idx"}}')`);
        const second = await startExporterServer(loadExporterConfig(file, {}), pino({ level: 'silent' }));
        try {
          let outcome = 'pending';
          for (const end = Date.now() + 20_000; outcome === 'pending' && Date.now() < end;) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            const rows = await client.query<{ outcome: string }>(
              "SELECT outcome FROM perflens_advisor.audit WHERE recommendation_id = 'missing-index-00000000c4a5'",
            );
            outcome = rows.rows[0]!.outcome;
          }
          expect(outcome).toBe('succeeded');
        } finally {
          await second.close();
        }
      } finally {
        await client.end();
      }
    }),
  );
});
