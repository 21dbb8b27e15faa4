import { isRunning, readProcessStatus } from './process-status';

describe('process status from /proc', () => {
  const own = readProcessStatus(process.pid);

  it('reads this process as running with a numeric start time', () => {
    expect(own?.state).toMatch(/^[RS]$/);
    expect(own?.startTime).toMatch(/^\d+$/);
  });

  it.each([
    ['this process', process.pid, undefined, true],
    ['this process with its own start time', process.pid, own?.startTime, true],
    ['this process with another start time (a reused pid)', process.pid, '1', false],
    ['a pid above the kernel maximum', 2 ** 22 + 1, undefined, false],
  ])('isRunning: %s -> %s', (_title, pid, startTime, expected) => {
    expect(isRunning(pid, startTime)).toBe(expected);
  });
});
