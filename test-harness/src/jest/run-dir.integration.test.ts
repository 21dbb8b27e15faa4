import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type CleanupRecord,
  isRunning,
  processRecord,
  readProcessStatus,
  recordKey,
} from '@perflens/supervisor';
import { createRunDir, sweepRunDir, sweepStaleRunDirs } from './run-dir';

/** A process as a killed jest worker would leave it: running, recorded, owned by nobody in this test. */
function orphanLikeProcess(): number {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  return child.pid as number;
}

function writeRecord(runDir: string, record: CleanupRecord): void {
  writeFileSync(path.join(runDir, `${recordKey(record)}.json`), JSON.stringify(record));
}

describe('run folder sweep', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'perflens-sweep-test-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('kills recorded processes, removes recorded folders and the run folder', () => {
    const runDir = createRunDir(parent);
    const pid = orphanLikeProcess();
    const dataDir = path.join(parent, 'leftover-data');
    mkdirSync(dataDir);
    const processEntry = processRecord('sleep', pid, 'SIGTERM') as CleanupRecord;
    writeRecord(runDir, processEntry);
    writeRecord(runDir, { kind: 'dir', path: dataDir });
    writeFileSync(path.join(runDir, 'process-999.json'), '{"kind":"proc'); // a worker killed mid-write

    const swept = sweepRunDir(runDir, 2_000);

    expect(swept).toEqual(expect.arrayContaining([processEntry, { kind: 'dir', path: dataDir }]));
    expect(swept).toHaveLength(2);
    expect(isRunning(pid)).toBe(false);
    expect([existsSync(dataDir), existsSync(runDir)]).toEqual([false, false]);
  });

  it('leaves alone a process whose pid was reused since it was recorded', () => {
    const runDir = createRunDir(parent);
    const pid = orphanLikeProcess();
    writeRecord(runDir, { kind: 'process', label: 'old', pid, startTime: '1', signal: 'SIGKILL' });
    sweepRunDir(runDir, 200);
    expect(isRunning(pid)).toBe(true);
    process.kill(pid, 'SIGKILL');
  });

  const anHourAgo = new Date(Date.now() - 3_600_000);
  const writeOwner = (dir: string, owner: { pid: number; startTime: string }) =>
    writeFileSync(path.join(dir, 'owner.json'), JSON.stringify(owner));

  it.each<[string, (dir: string) => void, boolean]>([
    [
      'sweeps the folder of a run whose jest process is gone',
      (dir) => writeOwner(dir, { pid: 2 ** 22 + 1, startTime: '1' }),
      false,
    ],
    [
      'keeps the folder of a run that is still going',
      (dir) =>
        writeOwner(dir, { pid: process.pid, startTime: readProcessStatus(process.pid)?.startTime ?? '' }),
      true,
    ],
    ['keeps a young folder without owner (a run being created)', () => undefined, true],
    ['sweeps an old folder without owner', (dir) => utimesSync(dir, anHourAgo, anHourAgo), false],
  ])('%s', (_title, prepare, kept) => {
    const dir = path.join(parent, 'perflens-run-abc123');
    mkdirSync(dir);
    prepare(dir);
    expect(sweepStaleRunDirs(parent)).toEqual(kept ? [] : [dir]);
    expect(readdirSync(parent)).toEqual(kept ? ['perflens-run-abc123'] : []);
  });
});
