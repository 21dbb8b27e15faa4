import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSloModel, loadSloSpec, SloSpecError } from '@perflens/alert-rules';
import { sloThresholdsFromModel } from './slo-thresholds-from-model.ts';

const repositoryRoot = path.resolve(__dirname, '../..');
export const SLO_FILE = 'alert-rules/slo.yaml';
export const SLO_THRESHOLDS_MODULE = 'k6-scripts/generated/slo-thresholds.ts';

/** The generated module's text: the SLO file's thresholds as a typed constant k6 can import. */
export function renderSloThresholdsModule(sloFile: string = SLO_FILE): string {
  const models = buildSloModel(loadSloSpec(path.join(repositoryRoot, sloFile)));
  const thresholds = sloThresholdsFromModel(models, sloFile);
  // JSON text is valid TypeScript; .prettierignore lists generated/ so the formatter leaves it as written.
  return [
    `// Generated from ${sloFile} by \`npm run generate -w @perflens/k6-scripts\`; do not edit.`,
    '// A test fails when this file is older than the SLO file, so commit both together.',
    "import type { SloThresholdsFile } from '../src/shared/slo-thresholds-file.ts';",
    '',
    `export const SLO_THRESHOLDS: SloThresholdsFile = ${JSON.stringify(thresholds, null, 2)};`,
    '',
  ].join('\n');
}

/** Writes the module, or with `check` only compares; returns whether the file on disk was current. */
export function writeSloThresholdsModule(check: boolean): 'current' | 'written' | 'stale' {
  const target = path.join(repositoryRoot, SLO_THRESHOLDS_MODULE);
  const expected = renderSloThresholdsModule();
  let actual = '';
  try {
    actual = readFileSync(target, 'utf8');
  } catch {
    // A missing file is simply stale.
  }
  if (actual === expected) return 'current';
  if (check) return 'stale';
  writeFileSync(target, expected);
  return 'written';
}

function main(): void {
  const check = process.argv.includes('--check');
  try {
    const status = writeSloThresholdsModule(check);
    process.stdout.write(`${SLO_THRESHOLDS_MODULE}: ${status}\n`);
    if (status === 'stale') {
      process.stderr.write(
        `${SLO_THRESHOLDS_MODULE} is stale: run "npm run generate -w @perflens/k6-scripts"\n`,
      );
      process.exitCode = 1;
    }
  } catch (error) {
    process.stderr.write(`${error instanceof SloSpecError ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) main();
