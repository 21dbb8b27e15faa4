import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManagedProcess, ServiceStartError } from './managed-process';
import { ProcessGroup } from './process-group';
import { isRunning } from './process-status';
import { waitUntilReady } from './wait-until-ready';

// A service that writes "<name> <signal>" to `journal` when told to stop, so the order is observable.
const stoppableScript = `
const [name, journal] = process.argv.slice(1);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    require('fs').appendFileSync(journal, name + ' ' + signal + '\\n');
    process.exit(0);
  });
}
console.log(name + ' ready');
setInterval(() => undefined, 1000);
`;

describe('ProcessGroup', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'perflens-group-test-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const journalLines = () => readFileSync(path.join(scratch, 'journal'), 'utf8').trim().split('\n');

  async function startService(group: ProcessGroup, name: string, stopSignal: NodeJS.Signals) {
    const child = await group.start({
      label: name,
      command: process.execPath,
      args: ['-e', stoppableScript, name, path.join(scratch, 'journal')],
      stopSignal,
    });
    await waitUntilReady(child, async () => child.output.text().includes('ready'), { timeoutMs: 10_000 });
    return child;
  }

  it('stops its members in reverse start order, each with its own stop signal', async () => {
    const group = new ProcessGroup();
    const database = await startService(group, 'database', 'SIGINT');
    group.add('sinks', {
      stop: async () => {
        expect(isRunning(database.pid)).toBe(true);
        appendFileSync(path.join(scratch, 'journal'), 'sinks (in process)\n');
      },
    });
    const service = await startService(group, 'service', 'SIGTERM');
    expect(group.names).toEqual(['database', 'sinks', 'service']);

    await Promise.all([group.stop(), group.stop()]);

    expect(journalLines()).toEqual(['service SIGTERM', 'sinks (in process)', 'database SIGINT']);
    expect([service.exitStatus, database.exitStatus]).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });

  it('stops the other members when one fails to stop, then reports that failure', async () => {
    const group = new ProcessGroup();
    const service = await startService(group, 'service', 'SIGTERM');
    group.add('broken', { stop: () => Promise.reject(new Error('could not stop broken')) });
    await expect(group.stop()).rejects.toThrow('could not stop broken');
    expect(isRunning(service.pid)).toBe(false);
  });

  it('refuses a member once it is stopping', async () => {
    const group = new ProcessGroup();
    await group.stop();
    expect(() => group.add('late', { stop: async () => undefined })).toThrow(
      'cannot add late: the group is stopping',
    );
  });

  it("appends each member's output to <logDir>/<name>.log, across restarts", async () => {
    const logDir = path.join(scratch, 'logs');
    for (const round of [1, 2]) {
      const group = new ProcessGroup({ logDir });
      const child = await group.start({
        label: 'printer',
        command: process.execPath,
        args: ['-e', `console.log('round ${round}'); console.error('to stderr')`],
      });
      expect(child.logFile).toBe(path.join(logDir, 'printer.log'));
      await child.outputDone;
      await group.stop();
    }
    const log = readFileSync(path.join(logDir, 'printer.log'), 'utf8');
    expect(log.replace(/--- \S+ printer started \(pid \d+\) ---/g, '--- printer started ---')).toBe(
      '--- printer started ---\nround 1\nto stderr\n--- printer started ---\nround 2\nto stderr\n',
    );
  });

  it('names the log file in a startup error, next to the last lines', async () => {
    const logDir = path.join(scratch, 'logs');
    const group = new ProcessGroup({ logDir });
    const child = await group.start({
      label: 'crasher',
      command: process.execPath,
      args: ['-e', "console.error('FATAL: no config'); process.exit(3)"],
    });
    const error = await waitUntilReady(child, async () => false, { timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as ServiceStartError).message).toBe(
      `crasher (pid ${child.pid}) exited with code 3 while starting\n` +
        '--- last lines of output ---\nFATAL: no config\n--- end of output ---\n' +
        `whole output: ${path.join(logDir, 'crasher.log')}`,
    );
    expect((error as ServiceStartError).logFile).toBe(path.join(logDir, 'crasher.log'));
  });

  it('passes the environment it is given to the child', async () => {
    const child = await ManagedProcess.start({
      label: 'env',
      command: process.execPath,
      args: ['-e', 'console.log(process.env.PERFLENS_GROUP_TEST)'],
      env: { PERFLENS_GROUP_TEST: 'given' },
    });
    await child.outputDone;
    expect(child.output.text()).toBe('given');
  });
});
