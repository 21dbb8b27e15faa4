import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { BundleInputError } from '../readers/bundle-input-error';

/** Debian's Chromium; $PERFLENS_CHROMIUM_BIN (the variable the tests use) or --chromium override it. */
export function chromiumPath(override?: string): string {
  const file = override ?? process.env.PERFLENS_CHROMIUM_BIN ?? '/usr/bin/chromium';
  if (!existsSync(file))
    throw new BundleInputError(
      `Chromium not found at ${file}: install the Debian package chromium, or pass --chromium <path>`,
    );
  return file;
}

// Flags that keep headless Chromium off the network except for the page itself.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--remote-debugging-pipe',
];

type Message = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { message: string };
  sessionId?: string;
};

/**
 * A Chrome DevTools Protocol connection over --remote-debugging-pipe (fd 3 in, fd 4 out, messages ended by
 * NUL, https://chromedevtools.github.io/devtools-protocol/): no WebSocket or browser driver needed.
 */
export class ChromiumPipe {
  private nextId = 1;
  private buffered = '';
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly listeners = new Set<(message: Message) => void>();

  private constructor(private readonly child: ChildProcess) {
    const output = child.stdio[4] as Readable;
    output.on('data', (chunk: Buffer) => this.receive(chunk.toString('utf8')));
    const fail = (reason: string) => {
      for (const { reject } of this.pending.values()) reject(new Error(reason));
      this.pending.clear();
    };
    child.on('exit', (code, signal) => fail(`Chromium exited (${signal ?? `code ${code}`})`));
    child.on('error', (error) => fail(`Chromium did not start: ${error.message}`));
    // A write to a Chromium that has just exited fails with EPIPE; the exit handler reports it.
    (child.stdio[3] as Writable).on('error', () => undefined);
    output.on('error', () => undefined);
  }

  static launch(executable: string): ChromiumPipe {
    const child = spawn(executable, FLAGS, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    return new ChromiumPipe(child);
  }

  /** Sends a command (to a page when `sessionId` is given) and waits for its result. */
  send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    const input = this.child.stdio[3] as Writable;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Resolves on the first event `method` of the session, or rejects after `timeoutMs`. */
  waitForEvent(method: string, sessionId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`Chromium: no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (message: Message) => {
        if (message.method !== method || message.sessionId !== sessionId) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve();
      };
      this.listeners.add(listener);
    });
  }

  /** Stops Chromium and waits for it to exit. */
  async close(): Promise<void> {
    if (this.child.pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null)
      return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  private receive(text: string): void {
    this.buffered += text;
    let end = this.buffered.indexOf('\0');
    while (end >= 0) {
      const message = JSON.parse(this.buffered.slice(0, end)) as Message;
      this.buffered = this.buffered.slice(end + 1);
      end = this.buffered.indexOf('\0');
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(`Chromium: ${message.error.message}`));
        else waiter?.resolve(message.result);
      } else for (const listener of [...this.listeners]) listener(message);
    }
  }
}
