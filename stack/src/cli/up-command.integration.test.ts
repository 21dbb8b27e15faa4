import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { withPostgresClient } from '@perflens/supervisor';
import {
  alive,
  descendants,
  fetchLikeCurl,
  printedLine,
  printedToken,
  sleep,
  stopRun,
  UpFixture,
} from '../../test/up-process';
import { REPO_ROOT } from './stack-options';

/** `perflens up` as users run it (needs `npm run build`; npm test builds first). */
describe('perflens up', () => {
  let up: UpFixture;

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'cli', 'dist', 'main.js')))
      throw new Error('run "npm run build" first');
    up = new UpFixture();
    await up.choosePorts();
  });
  afterAll(() => up.cleanup());

  it('starts every part, prints next steps that work as printed, and SIGTERM leaves no process behind', async () => {
    const run = await up.start(5);
    const output = run.output();
    const prometheusUrl = `http://127.0.0.1:${up.ports.prometheus}`;
    let health: Array<[string, string]> = [];
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const body = (await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as {
        data: { activeTargets: Array<{ labels: { job: string }; health: string }> };
      };
      health = body.data.activeTargets.map((t) => [t.labels.job, t.health] as [string, string]).sort();
      if (health.length === 4 && health.every(([, h]) => h === 'up')) break;
      await sleep(500);
    }
    expect(health).toEqual([
      ['alertmanager', 'up'],
      ['demo-api', 'up'],
      ['perflens-exporter', 'up'],
      ['prometheus', 'up'],
    ]);
    for (const name of ['postgres', 'demo', 'exporter', 'alertmanager', 'prometheus', 'traffic']) {
      expect(output).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(output).toContain('seeding the database at scale 0.02');
    expect(output).toContain('next steps:');
    expect(output).toContain(`tail -f ${path.join(up.dataDir, 'sinks')}/*.jsonl`);
    expect(printedLine(output, 'npm run')).toBe('npm run plugin:preview');

    // The token is kept for the next start, readable by its owner only.
    const tokenFile = path.join(up.dataDir, 'demo-admin-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(printedToken(output));

    // The printed curl switches the bottleneck on; the listing curl shows it.
    const switched = await fetchLikeCurl(printedLine(output, 'curl -X PUT'));
    expect(switched.status).toBe(200);
    expect(await switched.json()).toMatchObject({ name: 'n-plus-one', enabled: true });
    const listing = await fetchLikeCurl(printedLine(output, 'curl -H'));
    expect(listing.status).toBe(200);
    expect(await listing.json()).toContainEqual(
      expect.objectContaining({ name: 'n-plus-one', enabled: true }),
    );

    // The printed analyze command runs as printed, from where npm start runs, and reports on this stack.
    const analyze = printedLine(output, 'node ');
    expect(analyze).toContain(`--prometheus ${prometheusUrl}`);
    const report = await promisify(execFile)('sh', ['-c', analyze], { cwd: REPO_ROOT, timeout: 60_000 });
    expect(report.stdout).toMatch(/^demo-api, 15m up to .*from \d+ checks/m);

    // hypopg is installed in the shop database, so the advisor can prove its advice.
    const postgresUrl = /^ {2}postgres +(\S+)/m.exec(output)![1]!;
    const extensions = await withPostgresClient(postgresUrl, (client) =>
      client.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY extname'),
    );
    expect(extensions.rows.map((row) => row.extname)).toEqual(
      expect.arrayContaining(['hypopg', 'pg_stat_statements']),
    );

    const children = descendants(run.child.pid!);
    expect(children.length).toBeGreaterThanOrEqual(5);
    expect(await stopRun(run)).toBe(0);
    expect(run.output()).toContain('perflens up: stopped');
    // A zombie (stat Z) has exited; it only waits for a container without an init process to reap it.
    const left = children
      .filter(alive)
      .map((pid) =>
        spawnSync('ps', ['-o', 'pid=,stat=,args=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim(),
      )
      .filter((line) => line !== '' && !/^\d+\s+Z/.test(line));
    expect(left).toEqual([]);
  }, 200_000);

  it('a second start reuses the seeded database and the admin token', async () => {
    const firstToken = readFileSync(path.join(up.dataDir, 'demo-admin-token'), 'utf8').trim();
    const run = await up.start(0);
    expect(run.output()).toContain('reusing the seeded database (scale 0.02)');
    expect(run.output()).not.toContain('seeding the database');
    expect(printedToken(run.output())).toBe(firstToken);
    expect(run.output()).toContain(`reused from ${path.join(up.dataDir, 'demo-admin-token')}`);
    expect(await stopRun(run)).toBe(0);
  }, 150_000);
});
