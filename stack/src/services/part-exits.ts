import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeExit, type MemberExit } from '@perflens/supervisor';

/**
 * Parts whose end leaves the stack useful: k6 is only traffic, and it ends by design when its scenario ends or
 * a threshold fails (exit 99), e.g. after a demo bottleneck was switched on. Its exit is reported, and the
 * stack runs on. Every other part is a server the others need; when one ends, `perflens up` stops.
 */
const FINITE_PARTS = new Set(['k6']);

/** True when the exit of this part ends `perflens up` (exit code 2); false for traffic that ran its course. */
export function isFatalExit(exit: MemberExit): boolean {
  return !FINITE_PARTS.has(exit.name);
}

/** How many lines of the log file the message shows: enough for a stack trace or a FATAL line with its context. */
const TAIL_LINES = 20;
/** Bytes read from the end of the log file: its last lines, however long the file grew across starts. */
const TAIL_BYTES = 16 * 1024;
/** The output pipes can still hold the last lines when the exit is seen; this gives them time to land. */
const DRAIN_MS = 500;

/**
 * The message for a part that ended on its own: which one, how (exit code or signal), and the last lines of
 * its log file, e.g. "exporter exited with code 1; last lines of .perflens/logs/exporter.log: …".
 */
export async function describePartExit(exit: MemberExit): Promise<string> {
  const how = `${exit.name} ${describeExit(exit.status)}`;
  if (exit.logFile === undefined) return how;
  await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  const tail = lastLines(exit.logFile, TAIL_LINES);
  return `${how}; last lines of ${exit.logFile}:\n${tail || '(empty)'}`;
}

/** The last `count` lines of a text file, or a note saying why they cannot be read. */
export function lastLines(file: string, count: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    // The first line is usually cut by the byte window; the last is empty after a final newline.
    if (length < size) lines.shift();
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-count).join('\n');
  } catch (error) {
    return `(cannot read ${file}: ${(error as Error).message})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
