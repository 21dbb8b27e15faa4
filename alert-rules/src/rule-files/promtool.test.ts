import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ALERT_RULES_DIR, promtoolTestPaths, ruleFilePaths } from './rule-file-paths';

const run = promisify(execFile);

async function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd: ALERT_RULES_DIR });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('promtool', () => {
  it('accepts every rule file with all lints fatal', async () => {
    const result = await promtool('check', 'rules', '--lint=all', '--lint-fatal', ...ruleFilePaths());
    expect(result).toEqual({
      code: 0,
      output: expect.not.stringMatching(/FAILED|lint error/) as unknown as string,
    });
  });

  it.each(promtoolTestPaths().map((file) => ({ file: path.basename(file), full: file })))(
    'passes the unit tests in tests/$file',
    async ({ full }) => {
      const result = await promtool('test', 'rules', full);
      expect(result.output).not.toContain('FAILED');
      expect(result.code).toBe(0);
    },
  );
});
