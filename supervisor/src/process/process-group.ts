import path from 'node:path';
import { type ExitStatus, ManagedProcess, type ManagedProcessOptions } from './managed-process';

/** Anything the group can stop: a managed process, a started server, an in-process generator. */
export interface Stoppable {
  stop(): Promise<unknown>;
}

/**
 * A member backed by a child process that can end by itself: a ManagedProcess, or a server started by the
 * supervisor (PostgreSQL, Prometheus, Alertmanager). `exited` resolves when that process ends.
 */
export interface WatchedMember extends Stoppable {
  readonly exited: Promise<ExitStatus>;
}

/** A member whose process ended while the group was not stopping: it died, or finished, on its own. */
export interface MemberExit {
  name: string;
  status: ExitStatus;
  /** `<logDir>/<name>.log` when the group has a log folder. */
  logFile?: string;
}

function isWatched(member: Stoppable): member is WatchedMember {
  // Not `instanceof Promise`: a promise made by node:events in another realm (jest's sandbox) fails that test.
  return typeof (member as Partial<WatchedMember>).exited?.then === 'function';
}

/** Options for {@link ProcessGroup}. */
export interface ProcessGroupOptions {
  /** Folder of the members' log files (`<logDir>/<name>.log`); none when absent. */
  logDir?: string;
}

/**
 * The parts of a program that run together (`perflens up`'s database, services and servers). Members are
 * stopped one at a time in the reverse of the order they were added, so traffic and services stop before
 * the database they use, each with its own stop signal (PostgreSQL's SIGINT is its fast shutdown).
 */
export class ProcessGroup {
  private readonly members: Array<{ name: string; member: Stoppable }> = [];
  private stopping: Promise<void> | undefined;
  private readonly exits: MemberExit[] = [];
  private readonly exitListeners = new Set<(exit: MemberExit) => void>();

  constructor(private readonly options: ProcessGroupOptions = {}) {}

  /** `<logDir>/<name>.log`, to pass as a service's `logFile`; undefined without a log folder. */
  logFile(name: string): string | undefined {
    return this.options.logDir === undefined ? undefined : path.join(this.options.logDir, `${name}.log`);
  }

  /** Adds a started member, which the group stops from now on; returns it. */
  add<T extends Stoppable>(name: string, member: T): T {
    if (this.stopping) {
      throw new Error(`cannot add ${name}: the group is stopping`);
    }
    this.members.push({ name, member });
    if (isWatched(member)) {
      void member.exited.then((status) => {
        // An exit caused by stop() is the plan; any other is news for onMemberExit's listeners.
        if (this.stopping) return;
        const exit: MemberExit = {
          name,
          status,
          ...(this.logFile(name) ? { logFile: this.logFile(name) } : {}),
        };
        this.exits.push(exit);
        for (const listener of this.exitListeners) listener(exit);
      });
    }
    return member;
  }

  /**
   * Calls `listener` for every watched member whose process ends while the group is not stopping, including
   * those that ended before this call. A member stopped on its own (not through the group's stop()) counts
   * too. Returns a function that removes the listener.
   */
  onMemberExit(listener: (exit: MemberExit) => void): () => void {
    for (const exit of this.exits) listener(exit);
    this.exitListeners.add(listener);
    return () => {
      this.exitListeners.delete(listener);
    };
  }

  /** Starts a process whose output also goes to its log file (named after its label), and adds it. */
  async start(options: ManagedProcessOptions): Promise<ManagedProcess> {
    const child = await ManagedProcess.start({ logFile: this.logFile(options.label), ...options });
    return this.add(options.label, child);
  }

  /** Names of the members, in start order. */
  get names(): string[] {
    return this.members.map((entry) => entry.name);
  }

  /**
   * Stops every member in reverse start order, each awaited before the next. A member that fails to stop
   * does not keep the others running; the first failure is thrown afterwards. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      let firstError: unknown;
      for (const { member } of [...this.members].reverse()) {
        try {
          await member.stop();
        } catch (error) {
          firstError ??= error;
        }
      }
      if (firstError !== undefined) throw firstError;
    })();
    return this.stopping;
  }
}
