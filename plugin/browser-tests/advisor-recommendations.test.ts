/**
 * @jest-environment node
 */
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { createInterface } from 'readline';
import { useSharedPostgres } from '@perflens/test-harness';
import { type Harness, startHarness } from '../harness/start-harness';
import { type HarnessBrowser, launchHarnessBrowser } from './harness-browser';
import { RecommendationsPage } from './page-objects/recommendations-page';

/**
 * The Recommendations page's advisor section against a real exporter (bin/perflens.js exporter, the advisor
 * mounted with apply enabled) on the harness PostgreSQL, whose workload lacks an index on
 * parcels(customer_id). The page reads it through the `exporter` plugin route, which the harness server guards
 * with plugin.json's rules (GET Viewer, POST Admin) and fills with the stored token, as Grafana does.
 */
const ROOT = path.join(__dirname, '..', '..');
const VIEWER_TOKEN = 'viewer-token-plugin-0123456789abcdef';
const ADMIN_TOKEN = 'admin-token-plugin-0123456789abcdef0';
const INDEX = 'public.parcels_customer_id_idx';

const database = useSharedPostgres();
const role = `plugin_app_${process.pid}`;
let dir: string;
let exporter: ChildProcess | undefined;
let harness: Harness;
let browser: HarnessBrowser;

/** Runs SQL with psql (PostgreSQL's own client; the plugin workspace has no driver) and returns its rows. */
function psql(dsn: string, sql: string): string {
  const run = spawnSync('psql', [dsn, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`psql: ${run.stderr}`);
  }
  return run.stdout.trim();
}

function seedWorkload() {
  const admin = database().connectionString;
  psql(
    admin,
    `CREATE TABLE parcels (id int PRIMARY KEY, customer_id int NOT NULL, weight numeric NOT NULL);
    INSERT INTO parcels SELECT g, (g * 7919) % 5000 + 1, g % 90 FROM generate_series(1, 100000) g;
    ANALYZE parcels;
    CREATE ROLE ${role} LOGIN PASSWORD 'plugin-app';
    GRANT SELECT ON parcels TO ${role};`
  );
  // Run as a non-superuser: the advisor plans only statements such a role ran (docs/advisor.md, "Privileges").
  runLookups(20);
}

/**
 * The workload's one statement, `calls` times, as the application role. It reads only the filtered column, so
 * the advisor's answer is the plain index (no INCLUDE columns to add for an index-only scan).
 */
function runLookups(calls: number) {
  const dsn = new URL(database().connectionString);
  dsn.username = role;
  dsn.password = 'plugin-app';
  const lookups = Array.from(
    { length: calls },
    (_, i) => `SELECT count(*) FROM parcels WHERE customer_id = ${(i + 1) * 13};`
  );
  psql(dsn.toString(), lookups.join('\n'));
}

/** `perflens exporter` as a process; resolves to its URL once it logs that it listens. */
function startExporter(): Promise<string> {
  writeFileSync(path.join(dir, 'viewer'), `${VIEWER_TOKEN}\n`);
  writeFileSync(path.join(dir, 'admin'), `${ADMIN_TOKEN}\n`);
  const config = path.join(dir, 'perflens.yaml');
  writeFileSync(
    config,
    `server: { host: 127.0.0.1, port: 0 }\nhost: { enabled: false }\nrum: { enabled: false }\n` +
      `postgres: { databases: [{ dsn: "${database().connectionString}" }] }\n` +
      // The harness's DSN is a superuser's; the advisor refuses it unless told (docs/advisor.md).
      `advisor: { enabled: true, applyEnabled: true, viewerTokenFile: viewer, adminTokenFile: admin, allowSuperuser: true }\n`
  );
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'perflens.js'), 'exporter', '--config', config], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  exporter = child;
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'perflens exporter listening') {
        resolve(entry.url!);
      }
    });
    child.once('exit', (code) => reject(new Error(`perflens exporter exited early with ${String(code)}`)));
  });
}

const indexExists = () => psql(database().connectionString, `SELECT to_regclass('${INDEX}') IS NOT NULL`) === 't';

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'exporter', 'dist', 'standalone', 'exporter-server.js'))) {
    throw new Error('exporter/dist is missing: run "npm run build" (npm test does it first)');
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-plugin-advisor-'));
  seedWorkload();
  const exporterUrl = await startExporter();
  [harness, browser] = await Promise.all([startHarness({ jsonData: { exporterUrl } }), launchHarnessBrowser()]);
  // The Configuration page stores the token as secureJsonData; one token serves the GET and the POST route.
  await fetch(`${harness.url}/api/plugins/perflens-insights-app/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secureJsonData: { exporterToken: ADMIN_TOKEN } }),
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
  if (exporter && exporter.exitCode === null) {
    const exited = new Promise((resolve) => exporter!.once('exit', resolve));
    exporter.kill('SIGTERM');
    await exited;
  }
  try {
    psql(database().connectionString, `DROP OWNED BY ${role}; DROP ROLE ${role}`);
  } catch {
    // The role was never created (seeding failed): nothing to drop.
  }
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('the advisor on the Recommendations page', () => {
  it('shows a Viewer the index advice with SQL, rollback and statements served, and no control that writes', async () => {
    const page = new RecommendationsPage(await browser.newPage(), harness.url);
    await page.goto('Viewer');
    const card = page.advisorRecommendations().filter({ hasText: 'parcels (customer_id)' });
    await card.waitFor({ timeout: 60_000 });
    const text = await card.innerText();
    expect(text).toContain(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS parcels_customer_id_idx ON public.parcels (customer_id)'
    );
    expect(text).toContain(`DROP INDEX CONCURRENTLY IF EXISTS ${INDEX}`);
    expect(text).toContain('verified with hypopg');
    expect(text).toMatch(/Serves 1 statement/);
    expect(
      await page
        .advisorSection()
        .getByRole('button', { name: /Apply|Roll back|Measure/ })
        .count()
    ).toBe(0);
    expect(await page.byTestId('perflens-advisor-read-only').innerText()).toContain('Only Admins can apply');
    await page.screenshot('recommendations-advisor-viewer');
  }, 90_000);

  it('lets an Admin apply after confirming, shows it applied and in the audit trail, then roll it back', async () => {
    const page = new RecommendationsPage(await browser.newPage(), harness.url);
    await page.goto('Admin');
    const card = page.advisorRecommendations().filter({ hasText: 'parcels (customer_id)' });
    await card.getByRole('button', { name: 'Apply' }).click({ timeout: 60_000 });
    await page.page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
    const applied = page.byTestId('perflens-advisor-applied').filter({ hasText: 'parcels_customer_id_idx' });
    await applied.waitFor({ timeout: 60_000 });
    expect(indexExists()).toBe(true);
    expect(await page.byTestId('perflens-advisor-audit').innerText()).toMatch(
      /grafana:\S+\s+apply\s+missing-index-\w+\s+succeeded/
    );
    // Calls after the apply, then the measured effect: mean time before the apply and over the calls since.
    runLookups(3);
    await applied.getByRole('button', { name: 'Measure effect' }).click();
    await page.page.getByRole('dialog').getByRole('button', { name: 'Measure' }).click();
    const measured = applied.getByTestId('perflens-advisor-measured');
    await measured.waitFor({ timeout: 30_000 });
    expect(await measured.innerText()).toMatch(/^Statement -?\d+: \d+ ms before, \d+ ms over 3 calls after$/);
    await page.screenshot('recommendations-advisor-applied');

    await applied.getByRole('button', { name: 'Roll back' }).click();
    await page.page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await applied.waitFor({ state: 'detached', timeout: 60_000 });
    expect(indexExists()).toBe(false);
    expect(await page.byTestId('perflens-advisor-audit').innerText()).toMatch(
      /rollback\s+missing-index-\w+\s+succeeded/
    );
  }, 120_000);

  it('says how to connect the advisor when no exporter URL is configured', async () => {
    const settings = (await (await fetch(`${harness.url}/api/plugins/perflens-insights-app/settings`)).json()) as {
      jsonData: Record<string, unknown>;
    };
    const jsonData = { ...settings.jsonData };
    delete jsonData.exporterUrl;
    await fetch(`${harness.url}/api/plugins/perflens-insights-app/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonData }),
    });
    const page = new RecommendationsPage(await browser.newPage(), harness.url);
    await page.goto('Viewer');
    expect(await page.byTestId('perflens-advisor-unconfigured').innerText()).toContain(
      'enable the advisor in the Perflens exporter'
    );
  });

  it('raised no uncaught error', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
