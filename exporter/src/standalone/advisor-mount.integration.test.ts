import { useSharedPostgres } from '@perflens/test-harness';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadExporterConfig } from './exporter-config';
import { startExporterServer } from './exporter-server';

describe('the advisor in the standalone exporter', () => {
  const database = useSharedPostgres();

  it('serves the report under /api/v1/advisor with the token read from its file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-advisor-'));
    try {
      writeFileSync(path.join(dir, 'viewer'), 'viewer-token-0123456789\n');
      writeFileSync(path.join(dir, 'admin'), 'admin-token-0123456789\n');
      const file = path.join(dir, 'perflens.yaml');
      writeFileSync(
        file,
        `server: { host: 127.0.0.1, port: 0 }\nhost: { enabled: false }\nrum: { enabled: false }\n` +
          `postgres: { databases: [{ dsn: "${database().connectionString}" }] }\n` +
          `advisor: { enabled: true, viewerTokenFile: viewer, adminTokenFile: admin }\n`,
      );
      const exporter = await startExporterServer(loadExporterConfig(file, {}), pino({ level: 'silent' }));
      try {
        const denied = await fetch(`${exporter.url}/api/v1/advisor/recommendations`);
        const allowed = await fetch(`${exporter.url}/api/v1/advisor/recommendations`, {
          headers: { authorization: 'Bearer viewer-token-0123456789' },
        });
        expect([denied.status, allowed.status]).toEqual([401, 200]);
        expect(((await allowed.json()) as { hypopg: boolean }).hypopg).toBe(true);
        expect(await (await fetch(`${exporter.url}/metrics`)).text()).toMatch(
          /^perflens_advisor_recommendations\{kind="missing-index",severity="critical"\} 0$/m,
        );
      } finally {
        await exporter.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
});
