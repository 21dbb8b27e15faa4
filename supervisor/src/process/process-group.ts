import path from 'node:path';
import { ManagedProcess, type ManagedProcessOptions } from './managed-process';

/** Anything the group can stop: a managed process, a started server, an in-process generator. */
export interface Stoppable {
  stop(): Promise<unknown>;
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
    return member;
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
