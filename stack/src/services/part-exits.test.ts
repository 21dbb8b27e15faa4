import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isFatalExit, lastLines } from './part-exits';

describe('lastLines', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-part-exits-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the last lines of a short file, without the final newline', () => {
    const file = path.join(dir, 'short.log');
    writeFileSync(file, 'one\ntwo\nthree\n');
    expect(lastLines(file, 2)).toBe('two\nthree');
    expect(lastLines(file, 10)).toBe('one\ntwo\nthree');
  });

  it('reads only the end of a long file and drops the line the byte window cuts', () => {
    const file = path.join(dir, 'long.log');
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(lastLines(file, 3)).toBe(lines.slice(-3).join('\n'));
    const all = lastLines(file, 100_000).split('\n');
    expect(all.length).toBeLessThan(1000);
    expect(all[0]).toMatch(/^line \d+ x{20}$/);
  });

  it('says why when the file cannot be read', () => {
    const file = path.join(dir, 'missing.log');
    expect(lastLines(file, 5)).toMatch(new RegExp(`^\\(cannot read ${file}: ENOENT`));
  });
});

describe('isFatalExit', () => {
  it('ends the stack for a server, not for k6 that finished its scenario', () => {
    const status = { code: 0, signal: null };
    expect(isFatalExit({ name: 'exporter', status })).toBe(true);
    expect(isFatalExit({ name: 'postgres', status: { code: null, signal: 'SIGKILL' } })).toBe(true);
    expect(isFatalExit({ name: 'k6', status })).toBe(false);
  });
});
