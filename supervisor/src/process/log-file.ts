import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * A child's whole output, appended to a file (`.perflens/logs/postgres.log`) next to the bounded tail.
 * Writes are synchronous so the file is complete whenever an error points to it, and so the lines of a
 * process that crashes the moment it starts are not lost in a stream buffer.
 */
export class LogFile {
  private fd: number | undefined;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, 'a');
  }

  write(chunk: Buffer | string): void {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    } catch {
      // A full disk must not take the supervising program down; the tail still has the last lines.
      this.close();
    }
  }

  /** Closes the file; later writes are dropped. Safe to call twice. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
