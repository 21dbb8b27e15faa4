import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { processRecord, track } from './cleanup-registry';
import { LogFile } from './log-file';
import { OutputTail } from './output-tail';

/** How to start and stop one long-running service binary. */
export interface ManagedProcessOptions {
  /** Short name used in errors, e.g. "postgres". */
  label: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  /** The child's environment; this process's environment when absent. */
  env?: NodeJS.ProcessEnv;
  /** Run as this user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  /** Signal for an orderly stop; SIGTERM unless the service documents a faster one. */
  stopSignal?: NodeJS.Signals;
  /** Signal for the exit hook and the sweep, which cannot wait long; SIGKILL unless the service has a better one. */
  emergencySignal?: NodeJS.Signals;
  /** Also append all output to this file (created with its folder), e.g. `.perflens/logs/postgres.log`. */
  logFile?: string;
}

/** How a process ended, as Node reports it. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Raised when a service exits or times out while starting; carries its last output lines and log file. */
export class ServiceStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
    readonly logFile?: string,
  ) {
    super(
      `${message}\n--- last lines of output ---\n${output || '(no output)'}\n--- end of output ---` +
        (logFile === undefined ? '' : `\nwhole output: ${logFile}`),
    );
    this.name = 'ServiceStartError';
  }

  /** True when the service could not bind its port, which a retry on another free port can fix. */
  get portInUse(): boolean {
    return /address already in use/i.test(this.output);
  }
}

/**
 * One supervised child process: tracked for cleanup from spawn to exit, its output kept in a bounded tail
 * instead of printed (and appended to a log file when asked), and stopped with a signal that escalates to
 * SIGKILL.
 */
export class ManagedProcess {
  readonly output = new OutputTail();
  readonly exited: Promise<ExitStatus>;
  private status: ExitStatus | undefined;
  private stopping: Promise<ExitStatus> | undefined;
  /** Resolves once the output pipes closed: everything the process and its children wrote has been read. */
  readonly outputDone: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
    private readonly options: ManagedProcessOptions,
    log: LogFile | undefined,
  ) {
    const record = (chunk: Buffer | string) => {
      this.output.push(chunk);
      log?.write(chunk);
    };
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    // After a successful spawn, 'error' only means a failed kill; unhandled it would crash the program.
    child.on('error', (error) => record(`[supervisor] ${String(error)}\n`));
    this.outputDone = once(child, 'close').then(
      () => log?.close(),
      () => log?.close(),
    );
    this.exited = once(child, 'exit').then(([code, signal]) => {
      this.status = { code: code as number | null, signal: signal as NodeJS.Signals | null };
      return this.status;
    });
  }

  /** Spawns the process and resolves once the OS started it (or rejects with the spawn error). */
  static async start(options: ManagedProcessOptions): Promise<ManagedProcess> {
    const log = options.logFile === undefined ? undefined : new LogFile(options.logFile);
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      uid: options.user?.uid,
      gid: options.user?.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await once(child, 'spawn');
    } catch (error) {
      log?.close();
      throw error;
    }
    const pid = child.pid as number;
    log?.write(`--- ${new Date().toISOString()} ${options.label} started (pid ${pid}) ---\n`);
    const record = processRecord(options.label, pid, options.emergencySignal ?? 'SIGKILL');
    const untrack = record ? track(record) : () => undefined;
    const managed = new ManagedProcess(child, pid, options, log);
    void managed.exited.then(untrack);
    return managed;
  }

  /**
   * Lets the Node process end while this child still runs; called once a service is ready, so a service
   * a test forgot to stop does not keep jest's process alive (its exit hook then stops the service).
   * Not earlier: while the supervisor awaits startup, nothing else may keep the event loop running (jest's
   * global setup, a plain script), and Node would exit in the middle of the await.
   */
  unref(): void {
    this.child.unref();
    (this.child.stdout as Socket | null)?.unref();
    (this.child.stderr as Socket | null)?.unref();
  }

  /** The short name errors use, e.g. "postgres". */
  get label(): string {
    return this.options.label;
  }

  /** The file that holds the whole output, when the process was started with one. */
  get logFile(): string | undefined {
    return this.options.logFile;
  }

  /** False once the process has exited. */
  get running(): boolean {
    return this.status === undefined;
  }

  /** How the process ended; undefined while it runs. */
  get exitStatus(): ExitStatus | undefined {
    return this.status;
  }

  /**
   * Sends the stop signal, waits up to `timeoutMs`, then SIGKILLs. Idempotent: later calls share the
   * first call's promise, and stopping an exited process resolves at once.
   */
  stop(timeoutMs = 10_000): Promise<ExitStatus> {
    this.stopping ??= this.stopNow(timeoutMs);
    return this.stopping;
  }

  /** Builds an error for a failed startup, after the output pipes drained so the tail is complete. */
  async failure(reason: string): Promise<ServiceStartError> {
    // Bounded: a server's own children can hold the pipes open after it died. The timer is cleared so
    // it cannot hold a jest worker's exit back (jest force-kills such a worker, skipping exit hooks).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.outputDone, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
    clearTimeout(timer);
    return new ServiceStartError(
      `${this.options.label} (pid ${this.pid}) ${reason}`,
      this.output.text(),
      this.options.logFile,
    );
  }

  private async stopNow(timeoutMs: number): Promise<ExitStatus> {
    if (this.status) return this.status;
    this.child.kill(this.options.stopSignal ?? 'SIGTERM');
    // This timer is referenced on purpose: it keeps the event loop alive while we wait for the exit.
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Describes an exit status for error messages, e.g. "exited with code 1" or "was killed by SIGKILL". */
export function describeExit(status: ExitStatus): string {
  return status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
}
