import net from 'node:net';
import { freePort } from './free-port';
import { ManagedProcess, ServiceStartError } from './managed-process';
import { isRunning } from './process-status';
import { waitUntilReady, withPortRetry } from './wait-until-ready';

/** A real child that listens on `port` (or dies trying), logging like a service does. */
function startListener(port: number): Promise<ManagedProcess> {
  const script =
    "console.log('listener starting');" +
    `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'));`;
  return ManagedProcess.start({ label: 'listener', command: process.execPath, args: ['-e', script] });
}

/** Readiness as the listener reports it. */
const saysListening = (child: ManagedProcess) => async () => child.output.text().includes('listening');

describe('waitUntilReady and withPortRetry', () => {
  let busy: net.Server;
  let busyPort: number;
  beforeAll(async () => {
    busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => busy.close(resolve)));

  it('reports an early exit with the exit code and the last output', async () => {
    const child = await startListener(busyPort);
    const error = (await waitUntilReady(child, saysListening(child), { timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    )) as ServiceStartError;
    expect(error).toBeInstanceOf(ServiceStartError);
    expect(error.message).toMatch(
      new RegExp(`^listener \\(pid ${child.pid}\\) exited with code 1 while starting\\n`),
    );
    expect(error.output).toMatch(/^listener starting\n[\s\S]*EADDRINUSE: address already in use/);
    expect(error.portInUse).toBe(true);
  });

  it('stops a child that does not become ready in time and says how long it waited', async () => {
    const child = await ManagedProcess.start({ label: 'sleeper', command: 'sleep', args: ['300'] });
    await expect(waitUntilReady(child, async () => false, { timeoutMs: 200 })).rejects.toThrow(
      `sleeper (pid ${child.pid}) did not become ready within 200 ms\n--- last lines of output ---\n(no output)\n--- end of output ---`,
    );
    expect(child.exitStatus).toEqual({ code: null, signal: 'SIGTERM' });
    expect(isRunning(child.pid)).toBe(false);
  });

  it('stops the child and throws the reason when asked to give up', async () => {
    const child = await ManagedProcess.start({ label: 'sleeper', command: 'sleep', args: ['300'] });
    const stopRequest = new AbortController();
    setTimeout(() => stopRequest.abort(new Error('stop requested')), 300);
    await expect(
      waitUntilReady(child, async () => false, { timeoutMs: 60_000, signal: stopRequest.signal }),
    ).rejects.toThrow('stop requested');
    expect(child.exitStatus).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('retries on a fresh port when the first one was taken', async () => {
    const second = await freePort();
    const ports = [busyPort, second];
    const tried: number[] = [];
    const child = await withPortRetry(
      async () => ports.shift() as number,
      async (port) => {
        tried.push(port);
        const listener = await startListener(port);
        await waitUntilReady(listener, saysListening(listener), { timeoutMs: 10_000 });
        return listener;
      },
    );
    try {
      expect(tried).toEqual([busyPort, second]);
      expect(child.output.text()).toBe('listener starting\nlistening');
    } finally {
      await child.stop();
    }
  });

  it('gives up after the last attempt', async () => {
    const attempt = async () => {
      throw new ServiceStartError('x exited with code 1 while starting', 'bind: address already in use');
    };
    await expect(withPortRetry(async () => 1, attempt, 2)).rejects.toThrow(
      'x exited with code 1 while starting',
    );
  });
});
