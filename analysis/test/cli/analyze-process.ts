import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(__dirname, 'analyze-process.fixture.ts');

/** How a `perflens analyze` process ended. */
export interface AnalyzeProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `perflens analyze <args>` in its own process from the TypeScript sources and resolves when the
 * process has exited by itself. `limitMs` only keeps a broken run from hanging the test run: past it the
 * process is killed and the promise rejects, saying so.
 */
export function runAnalyzeProcess(args: readonly string[], limitMs: number): Promise<AnalyzeProcessResult> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', FIXTURE, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.tests.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`perflens analyze still running after ${limitMs} ms\n${stderr}`));
    }, limitMs);
    child.on('exit', (exitCode) => {
      clearTimeout(killer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
