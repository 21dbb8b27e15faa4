import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const WORKSPACE = path.join(REPO_ROOT, 'k6-scripts');
/** What the bundles are made of: the scripts, the generated SLO thresholds, the conventions they import. */
const INPUTS = [
  path.join(WORKSPACE, 'src'),
  path.join(WORKSPACE, 'generated'),
  path.join(WORKSPACE, 'webpack.config.js'),
  path.join(WORKSPACE, 'endpoint-mix.json'),
  path.join(REPO_ROOT, 'conventions', 'src'),
];

function filesOf(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (statSync(entry).isDirectory()) {
    return readdirSync(entry, { recursive: true, withFileTypes: true })
      .filter((file) => file.isFile() && !file.name.endsWith('.test.ts'))
      .map((file) => path.join(file.parentPath, file.name))
      .sort();
  }
  return [entry];
}

/** A hash of every input's path and content: the same sources give the same folder. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesOf))
    hash.update(path.relative(REPO_ROOT, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

let building: Promise<string> | undefined;

/**
 * The k6 bundles of the current sources, built with the workspace's webpack config into
 * `<tmp>/perflens-k6-bundles-<hash of the sources>/dist/<test>.js`, next to a copy of endpoint-mix.json (the
 * scripts open `../endpoint-mix.json`). Tests run these rather than k6-scripts/dist/, which is build output
 * (git-ignored, absent after `npm ci`, stale after an edit). Built once per set of sources: test files and
 * workers that find the folder reuse it; two that build at once each build into a private folder and the
 * first rename wins.
 */
export function k6Bundles(): Promise<string> {
  building ??= buildBundles();
  return building;
}

async function buildBundles(): Promise<string> {
  const target = path.join(os.tmpdir(), `perflens-k6-bundles-${sourcesHash()}`);
  const dist = path.join(target, 'dist');
  if (existsSync(path.join(dist, 'smoke.js'))) return dist;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'perflens-k6-build-'));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          path.join(REPO_ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'),
          '--config',
          path.join(WORKSPACE, 'webpack.config.js'),
          '--env',
          `outDir=${path.join(scratch, 'dist')}`,
        ],
        { cwd: WORKSPACE, timeout: 180_000 },
        (error, stdout, stderr) =>
          error
            ? reject(new Error(`building the k6 bundles failed: ${error.message}\n${stdout}${stderr}`))
            : resolve(),
      );
    });
    copyFileSync(path.join(WORKSPACE, 'endpoint-mix.json'), path.join(scratch, 'endpoint-mix.json'));
    try {
      renameSync(scratch, target);
    } catch (error) {
      // Another worker renamed its identical build first.
      if (!existsSync(path.join(dist, 'smoke.js'))) throw error;
    }
    return dist;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
