import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcessGroup, type MemberExit } from './process-group';

// Runs until told to stop, or exits with the code given on its command line after printing a line.
const serviceScript = `
const code = process.argv[1];
console.log('service up');
if (code !== 'forever') setTimeout(() => process.exit(Number(code)), 50);
else setInterval(() => undefined, 1000);
`;

describe('ProcessGroup.onMemberExit', () => {
  let logDir: string;
  beforeEach(() => {
    logDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-group-exits-'));
  });
  afterEach(() => rmSync(logDir, { recursive: true, force: true }));

  const start = (group: ProcessGroup, label: string, code: string) =>
    group.start({ label, command: process.execPath, args: ['-e', serviceScript, code] });

  it('reports a member that ends on its own, with its exit and log file, to listeners added before or after', async () => {
    const group = new ProcessGroup({ logDir });
    const early: MemberExit[] = [];
    group.onMemberExit((exit) => early.push(exit));
    await start(group, 'steady', 'forever');
    const crashing = await start(group, 'crashing', '3');
    await crashing.exited;
    const late: MemberExit[] = [];
    group.onMemberExit((exit) => late.push(exit));

    const expected = {
      name: 'crashing',
      status: { code: 3, signal: null },
      logFile: path.join(logDir, 'crashing.log'),
    };
    expect(early).toEqual([expected]);
    expect(late).toEqual([expected]);
    await group.stop();
  });

  it('reports a member killed by a signal, and no member that the group stops', async () => {
    const group = new ProcessGroup();
    const exits: MemberExit[] = [];
    group.onMemberExit((exit) => exits.push(exit));
    const killed = await start(group, 'killed', 'forever');
    const stopped = await start(group, 'stopped', 'forever');
    process.kill(killed.pid, 'SIGKILL');
    await killed.exited;
    await group.stop();
    await stopped.exited;
    expect(exits).toEqual([{ name: 'killed', status: { code: null, signal: 'SIGKILL' } }]);
  });

  it('calls no listener after it was removed', async () => {
    const group = new ProcessGroup();
    const exits: MemberExit[] = [];
    const remove = group.onMemberExit((exit) => exits.push(exit));
    const kept: MemberExit[] = [];
    group.onMemberExit((exit) => kept.push(exit));
    remove();
    await (
      await start(group, 'finishing', '0')
    ).exited;
    expect(kept.map((exit) => exit.name)).toEqual(['finishing']);
    expect(exits).toEqual([]);
    await group.stop();
  });
});
