import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withPostgresClient } from '@perflens/supervisor';
import { printedToken, stopRun, UpFixture } from '../../test/up-process';
import { REPO_ROOT } from './stack-options';

/** `perflens up --reset` (needs `npm run build`; npm test builds first). */
describe('perflens up --reset', () => {
  let up: UpFixture;

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'cli', 'dist', 'main.js')))
      throw new Error('run "npm run build" first');
    up = new UpFixture();
    await up.choosePorts();
  });
  afterAll(() => up.cleanup());

  it('deletes what an earlier start left (token, logs, sinks) and starts clean: new cluster, seed and token', async () => {
    // What a first start leaves behind, without spending a start on it: a token that a reset must not
    // reuse and files that must be gone. (up-command.integration.test.ts covers the real second start.)
    const tokenFile = path.join(up.dataDir, 'demo-admin-token');
    writeFileSync(tokenFile, 'token-of-the-earlier-start\n', { mode: 0o600 });
    for (const dir of ['logs', 'sinks']) mkdirSync(path.join(up.dataDir, dir));
    writeFileSync(path.join(up.dataDir, 'sinks', 'slack.jsonl'), '{"old":"notification"}\n');
    writeFileSync(path.join(up.dataDir, 'logs', 'demo.log'), 'the log of an earlier start\n');

    const run = await up.start(0, ['--reset']);
    const output = run.output();
    expect(output).toContain(`--reset: removed ${up.dataDir}; this is a first start`);
    expect(output).toContain('seeding the database at scale 0.02');
    expect(output).not.toContain('reusing');
    const token = printedToken(output)!;
    expect(token).toMatch(/^[\w-]{20,}$/);
    expect(token).not.toBe('token-of-the-earlier-start');
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(up.dataDir, 'sinks', 'slack.jsonl'))).toBe(false);
    expect(readFileSync(path.join(up.dataDir, 'logs', 'demo.log'), 'utf8')).not.toContain('earlier start');

    // The seed it announced is there (the demo answered ready only after seeding).
    const postgresUrl = /^ {2}postgres +(\S+)/m.exec(output)![1]!;
    const seed = await withPostgresClient(postgresUrl, (client) =>
      client.query<{ scale: string; orders: string }>(
        'SELECT scale, (SELECT count(*) FROM orders) AS orders FROM demo_seed',
      ),
    );
    expect(Number(seed.rows[0]!.scale)).toBe(0.02);
    expect(Number(seed.rows[0]!.orders)).toBeGreaterThan(0);
    expect(await stopRun(run)).toBe(0);
  }, 150_000);

  it('refuses to delete a folder that holds more than its own data, and starts nothing', async () => {
    writeFileSync(path.join(up.dataDir, 'notes.txt'), 'not perflens up data\n');
    const run = up.spawn(['--reset']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(
      /--reset would delete .* which holds more than perflens up's data \(notes\.txt\)/,
    );
    expect(existsSync(path.join(up.dataDir, 'notes.txt'))).toBe(true);
    expect(existsSync(path.join(up.dataDir, 'demo-admin-token'))).toBe(true);
  });
});
