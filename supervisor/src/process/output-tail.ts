/**
 * Keeps the last lines a child process wrote (stdout and stderr interleaved), so that a startup failure can
 * explain itself in CI logs without every healthy service printing its chatter into the test output.
 */
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 200) {}

  /** Appends a chunk as it arrives from a stream; a line split across chunks is joined first. */
  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (this.lines.length > this.maxLines) {
      this.lines.splice(0, this.lines.length - this.maxLines);
    }
  }

  /** The kept lines, including an unterminated last line (a crashing process often ends without a newline). */
  text(): string {
    const all = this.partial === '' ? this.lines : [...this.lines, this.partial];
    return all.slice(-this.maxLines).join('\n');
  }
}
