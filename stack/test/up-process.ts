import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@perflens/test-harness';
import { DEFAULT_PORTS, REPO_ROOT } from '../src/cli/stack-options';

/** The built command, as `npm start` runs it. */
export const PERFLENS_BIN = path.join(REPO_ROOT, 'bin', 'perflens.js');

/** One `perflens up` process and everything it printed. */
export interface UpRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every descendant of `pid` (PostgreSQL's backends included), from ps. */
export function descendants(pid: number): number[] {
  const rows = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) if (ppid === parent) found.push(child, ...(walk(child), []));
  };
  walk(pid);
  return found;
}

/**
 * A throw-away data folder and free ports for `perflens up` runs, started from the repository root (where
 * `npm start` runs it); cleanup() kills what is left and removes the folder.
 */
export class UpFixture {
  readonly runs: UpRun[] = [];
  readonly dataDir: string;
  private portArgs: string[] = [];
  ports: Record<keyof typeof DEFAULT_PORTS, number> = { ...DEFAULT_PORTS };

  constructor() {
    this.dataDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-up-'));
    // As root, PostgreSQL runs as the postgres account, which must be able to enter the folder.
    chmodSync(this.dataDir, 0o755);
  }

  async choosePorts(): Promise<void> {
    const taken = new Set<number>();
    for (const name of Object.keys(DEFAULT_PORTS) as Array<keyof typeof DEFAULT_PORTS>) {
      let port = await freePort();
      while (taken.has(port)) port = await freePort();
      taken.add(port);
      this.ports[name] = port;
    }
    this.portArgs = Object.entries(this.ports).flatMap(([name, port]) => [`--${name}-port`, String(port)]);
  }

  /** Starts `perflens up` at seed scale 0.02 and waits until it printed its next steps. */
  async start(rate: number, extra: string[] = []): Promise<UpRun> {
    const run = this.spawn(['--rate', String(rate), ...extra]);
    const deadline = Date.now() + 120_000;
    while (!run.output().includes('npm run plugin:preview')) {
      if (run.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`perflens up did not start:\n${run.output()}`);
      await sleep(250);
    }
    return run;
  }

  /** Spawns `perflens up` at seed scale 0.02 with `extra` options, without waiting for anything. */
  spawn(extra: string[]): UpRun {
    const args = ['up', '--data-dir', this.dataDir, '--scale', '0.02', '--status-every', '0', '--no-install'];
    args.push(...this.portArgs, ...extra);
    const child = spawn(process.execPath, [PERFLENS_BIN, ...args], { cwd: REPO_ROOT });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const run: UpRun = {
      child,
      output: () => output,
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    this.runs.push(run);
    return run;
  }

  cleanup(): void {
    for (const { child } of this.runs) if (child.pid !== undefined && alive(child.pid)) child.kill('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Sends SIGTERM and returns the exit code once the run ended. */
export async function stopRun(run: UpRun): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}

/** The shell words of a printed command line ('single quoted' or bare), as the shell would split them. */
export function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => m[1]?.replace(/'\\''/g, "'") ?? m[2]!);
}

/** The printed line that starts with `prefix` (next steps are indented). */
export function printedLine(output: string, prefix: string): string {
  const line = output.split('\n').find((l) => l.trimStart().startsWith(prefix));
  if (line === undefined) throw new Error(`no line starting with "${prefix}" in:\n${output}`);
  return line.trim();
}

/** Runs a printed `curl -X … -H … -d … URL` through fetch (curl may be missing where the tests run). */
export async function fetchLikeCurl(line: string): Promise<Response> {
  const words = shellWords(line);
  if (words[0] !== 'curl') throw new Error(`not a curl command: ${line}`);
  const headers: Record<string, string> = {};
  let method = 'GET';
  let body: string | undefined;
  let url = '';
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-X') method = words[++i]!;
    else if (word === '-H') {
      const header = words[++i]!;
      const colon = header.indexOf(':');
      headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    } else if (word === '-d') body = words[++i]!;
    else if (word.startsWith('-')) throw new Error(`unexpected curl option ${word} in: ${line}`);
    else url = word;
  }
  return fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
}

/** The admin token in the printed curl that switches a bottleneck. */
export function printedToken(output: string): string | undefined {
  return /Authorization: Bearer ([\w-]+)'/.exec(printedLine(output, 'curl -X PUT'))?.[1];
}
