import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../process/free-port';
import { isRunning } from '../process/process-status';
import { requestJson } from '../service/http-json';
import { alertmanagerArgs, startAlertmanagerServer } from './alertmanager-server';

const config = { route: { receiver: 'blackhole' }, receivers: [{ name: 'blackhole' }] };

describe('alertmanagerArgs', () => {
  it('spells the command line once: config, storage under the folder, loopback, no clustering', () => {
    expect(alertmanagerArgs({ port: 9093, dir: '/srv/am', configFile: '/srv/am/alertmanager.yml' })).toEqual([
      '--config.file=/srv/am/alertmanager.yml',
      '--storage.path=/srv/am/data',
      '--web.listen-address=127.0.0.1:9093',
      '--cluster.listen-address=',
    ]);
  });
});

describe('startAlertmanagerServer', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'perflens-kept-alertmanager-'));
    chmodSync(scratch, 0o755);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('keeps silences across a restart in a kept folder on a fixed port, logging to one file', async () => {
    const dir = path.join(scratch, 'alertmanager');
    const logFile = path.join(scratch, 'logs', 'alertmanager.log');
    const port = await freePort();
    const first = await startAlertmanagerServer({ dir, port, logFile, config });
    const silence = {
      matchers: [{ name: 'alertname', value: 'Kept', isRegex: false }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'supervisor test',
      comment: 'survives a restart',
    };
    let id: string;
    try {
      expect([first.url, first.port, first.dir]).toEqual([`http://127.0.0.1:${port}`, port, dir]);
      id = (await requestJson<{ silenceID: string }>('POST', `${first.url}/api/v2/silences`, silence))
        .silenceID;
    } finally {
      await first.stop();
    }
    const second = await startAlertmanagerServer({ dir, port, logFile, config });
    try {
      const kept = await requestJson<Array<{ id: string; comment: string }>>(
        'GET',
        `${second.url}/api/v2/silences`,
      );
      expect(kept.map((s) => [s.id, s.comment])).toEqual([[id, 'survives a restart']]);
    } finally {
      await second.stop();
    }
    expect(readFileSync(logFile, 'utf8').split('alertmanager started (pid').length - 1).toBe(2);
  });

  it('works in a temporary folder on a free port by default, removed on stop', async () => {
    const server = await startAlertmanagerServer({ config });
    const pid = server.pid as number;
    await server.stop();
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    expect(server.dir.startsWith(path.join(os.tmpdir(), 'perflens-alertmanager-'))).toBe(true);
  });
});
