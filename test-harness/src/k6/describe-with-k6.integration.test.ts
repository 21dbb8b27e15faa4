import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// What a test run without k6 reports for describeWithK6 blocks: a separate jest process runs a fixture with
// K6_BIN unset and no k6 on PATH.

const repoRoot = path.resolve(__dirname, '../../..');

interface JestJson {
  numFailedTests: number;
  numPassedTests: number;
  numTodoTests: number;
  testResults: Array<{
    assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }>;
  }>;
}

function runFixture(env: Record<string, string>): Promise<{ stderr: string; result: JestJson }> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'perflens-no-k6-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shared = require(path.join(repoRoot, 'jest.shared.js')) as {
    workspaceModuleNameMapper(root: string): Record<string, string>;
  };
  const config = {
    rootDir: path.join(__dirname, 'fixtures'),
    testMatch: ['**/k6-tests.fixture.ts'],
    testEnvironment: 'node',
    transform: {
      '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    },
    moduleNameMapper: shared.workspaceModuleNameMapper(repoRoot),
    cacheDirectory: path.join(scratch, 'cache'),
  };
  const jest = path.join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [jest, '--config', JSON.stringify(config), '--json', '--runInBand'],
      { cwd: repoRoot, env: { ...process.env, K6_BIN: '', PATH: '/nonexistent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        rmSync(scratch, { recursive: true, force: true });
        try {
          resolve({ stderr, result: JSON.parse(stdout) as JestJson });
        } catch {
          reject(new Error(`jest printed no JSON (${String(error)}):\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

const names = [
  'fixture k6 tests runs a script',
  'fixture k6 tests inspects smoke',
  'fixture k6 tests inspects soak',
  'fixture k6 tests nested runs another',
];

describe('describeWithK6 without k6', () => {
  it('fails every k6 test with the reason, runs no hook, and says how many did not run in one line', async () => {
    const { stderr, result } = await runFixture({});
    const tests = result.testResults.flatMap((file) => file.assertionResults);
    expect(tests.map((test) => [test.fullName, test.status])).toEqual(names.map((name) => [name, 'failed']));
    expect(tests[0]?.failureMessages.join('\n')).toContain('not run: k6 not found');
    expect(tests[0]?.failureMessages.join('\n')).not.toContain('hooks must not run');
    expect(stderr.match(/4 k6 test\(s\) not run: k6 not found/g)).toHaveLength(1);
  }, 90_000);

  it('lists them as todo, not passed, with PERFLENS_ALLOW_NO_K6=1', async () => {
    const { stderr, result } = await runFixture({ PERFLENS_ALLOW_NO_K6: '1' });
    expect([result.numTodoTests, result.numPassedTests, result.numFailedTests]).toEqual([4, 0, 0]);
    expect(stderr).toContain('fixture k6 tests: 4 k6 test(s) not run: k6 not found');
    expect(stderr).toContain('PERFLENS_ALLOW_NO_K6=1: listed as todo');
  }, 90_000);
});
