import { ManagedProcess } from './managed-process';
import { isRunning } from './process-status';
import { realProcess } from './real-process';
import { handleShutdownSignals } from './shutdown-signals';

// emit() calls the listeners as a delivered signal would, without signalling the jest worker itself.
describe('handleShutdownSignals', () => {
  let sleeper: ManagedProcess;
  let release: () => void = () => undefined;
  beforeEach(async () => {
    sleeper = await ManagedProcess.start({ label: 'sleeper', command: 'sleep', args: ['300'] });
  });
  afterEach(async () => {
    release();
    await sleeper.stop();
  });

  it.each<[NodeJS.Signals]>([['SIGINT'], ['SIGTERM']])(
    'hands the first %s to the application, and the registry leaves the services running',
    (signal) => {
      const received: NodeJS.Signals[] = [];
      release = handleShutdownSignals((s) => received.push(s), { exit: () => undefined });
      realProcess().emit(signal, signal);
      expect(received).toEqual([signal]);
      expect(isRunning(sleeper.pid)).toBe(true);
    },
  );

  it('kills every supervised process and exits with 128 + the signal number on a second signal', async () => {
    const exits: number[] = [];
    release = handleShutdownSignals(() => undefined, { exit: (code) => exits.push(code) });
    realProcess().emit('SIGINT', 'SIGINT');
    realProcess().emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    expect(await sleeper.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('gives the signals back when released', () => {
    const before = realProcess().listenerCount('SIGINT');
    release = handleShutdownSignals(() => undefined);
    expect(realProcess().listenerCount('SIGINT')).toBe(before + 1);
    release();
    expect(realProcess().listenerCount('SIGINT')).toBe(before);
  });
});
