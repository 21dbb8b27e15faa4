import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AnalysisReport, Finding } from '@perflens/analysis';
import { analyseBuild, BUNDLE_CHECKS, formatBundleReport } from '../src';
import { removableBytes } from '../src/checks/whitespace-and-comments';
import {
  buildWithEsbuild,
  buildWithWebpack,
  createFixtureProject,
  type FixtureProject,
} from './fixture-project';

// Real bundler output of the fixture project (fixture-project.ts): esbuild unminified with source maps,
// esbuild minified without them, and webpack with export usage in its stats.
let project: FixtureProject;
let metafile: string;
let cleanMetafile: string;
let stats: string;

beforeAll(async () => {
  project = createFixtureProject();
  metafile = await buildWithEsbuild(project.root);
  cleanMetafile = await buildWithEsbuild(project.root, {
    minify: true,
    sourcemap: false,
    entry: 'src/small.js',
    outdir: 'clean',
  });
  stats = await buildWithWebpack(project.root);
}, 60_000);
afterAll(() => project.remove());

const dist = () => path.join(project.root, 'dist');
const gzipOf = (file: string) => gzipSync(readFileSync(file)).length;
const find = (report: AnalysisReport, id: string): Finding => {
  const finding = report.findings.find((f) => f.id === id);
  if (!finding) throw new Error(`no finding ${id} among ${report.findings.map((f) => f.id).join(', ')}`);
  return finding;
};
const saved = (finding: Finding) => finding.recommendations[0]?.expectedEffect;

function writeBudget(budget: unknown): string {
  const file = path.join(project.root, `budget-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(budget));
  return file;
}

describe('perflens bundle on esbuild output', () => {
  it('reads the entry, its initial JavaScript and CSS, and every package with its version', () => {
    const report = analyseBuild({ metafile, dir: dist(), root: project.root });
    expect(report.scope.job).toBe(`bundle ${metafile} (esbuild metafile, 1 entry)`);
    expect(report.checks).toEqual(BUNDLE_CHECKS.map((c) => c.metadata.id));
    expect(report.findings.map((f) => f.id).sort()).toEqual([
      'frontend.duplicate-packages/package=dup',
      'frontend.largest-packages/package=heavy-cjs,version=0.9.1',
      `frontend.shipped-source-maps/output=${metafile}`,
      'frontend.unminified-code/file=index.css',
      'frontend.unminified-code/file=index.js',
    ]);
  });

  it('flags initial JavaScript and CSS over the budget file, with the bytes over it', () => {
    const budget = writeBudget({ initialJsGzipBytes: 1024, initialCssGzipBytes: 50 });
    const report = analyseBuild({ metafile, dir: dist(), root: project.root, budget });
    const js = find(report, 'frontend.initial-bundle-over-budget/entry=src/index.js,type=js');
    const jsBytes = gzipOf(path.join(dist(), 'index.js'));
    expect(js.severity).toBe('critical');
    expect(js.evidence[0]).toMatchObject({
      value: jsBytes,
      threshold: 1024,
      thresholdSource: 'config',
      unit: 'bytes',
    });
    expect(saved(js)).toBe(`saves ${((jsBytes - 1024) / 1024).toFixed(1)} KiB (${jsBytes - 1024} bytes)`);
    const css = find(report, 'frontend.initial-bundle-over-budget/entry=src/index.js,type=css');
    expect(css.evidence[0]?.value).toBe(gzipOf(path.join(dist(), 'index.css')));
  });

  it('flags a package bundled in two versions; removing the smaller copy saves its bytes', () => {
    const finding = find(
      analyseBuild({ metafile, dir: dist(), root: project.root }),
      'frontend.duplicate-packages/package=dup',
    );
    const outputs = (
      JSON.parse(readFileSync(metafile, 'utf8')) as {
        outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
      }
    ).outputs;
    const inputs = outputs['dist/index.js']?.inputs ?? {};
    const nested = inputs['node_modules/widget/node_modules/dup/index.js']?.bytesInOutput ?? 0;
    const top = inputs['node_modules/dup/index.js']?.bytesInOutput ?? 0;
    expect(finding.title).toBe(
      `Package dup is bundled 2 times: 2.0.0 (node_modules/widget/node_modules/dup, ${nested} B), 1.0.0 (node_modules/dup, ${top} B)`,
    );
    expect(saved(finding)).toBe(`saves ${top} B (${top} bytes)`);
    expect(finding.recommendations[0]?.config).toBe('"overrides": { "dup": "2.0.0" }');
  });

  it('flags unminified output with the indentation, line breaks and comments a minifier removes', () => {
    const finding = find(
      analyseBuild({ metafile, dir: dist(), root: project.root }),
      'frontend.unminified-code/file=index.js',
    );
    const removable = removableBytes(readFileSync(path.join(dist(), 'index.js'), 'utf8'));
    expect(removable).toBeGreaterThan(10_000);
    expect(saved(finding)).toContain(`(${removable} bytes)`);
    expect(finding.severity).toBe('warning');
  });

  it('flags source maps that would be deployed, with their total size', () => {
    const report = analyseBuild({ metafile, dir: dist(), root: project.root });
    const finding = find(report, `frontend.shipped-source-maps/output=${metafile}`);
    const maps = readdirSync(dist()).filter((f) => f.endsWith('.map'));
    const bytes = maps.reduce((sum, f) => sum + statSync(path.join(dist(), f)).size, 0);
    expect(maps).toEqual(['index.css.map', 'index.js.map']);
    expect(finding.evidence.map((e) => e.value)).toEqual([2, bytes]);
    const allowed = analyseBuild({
      metafile,
      dir: dist(),
      root: project.root,
      budget: writeBudget({ allowSourceMaps: true }),
    });
    expect(allowed.findings.some((f) => f.check === 'frontend.shipped-source-maps')).toBe(false);
  });

  it('finds nothing in a minified build without source maps under the default budget', () => {
    const report = analyseBuild({
      metafile: cleanMetafile,
      dir: path.join(project.root, 'clean'),
      root: project.root,
    });
    expect(report.findings).toEqual([]);
  });
});

describe('perflens bundle on webpack stats', () => {
  const webpackDist = () => path.join(project.root, 'webpack-dist');

  it('flags a large dependency of which one export of 200 is used, and saves the unused share', () => {
    const report = analyseBuild({ stats, dir: webpackDist(), root: project.root });
    const finding = find(report, 'frontend.partly-used-dependencies/package=big-lib,version=4.2.0');
    const size = finding.evidence[1]?.value ?? 0;
    expect(size).toBeGreaterThan(50_000);
    expect(finding.evidence[0]).toMatchObject({ value: 0.005, unit: 'ratio', threshold: 0.5 });
    expect(saved(finding)).toContain(`(${Math.round(size * (199 / 200))} bytes)`);
    expect(finding.title).toContain('uses 1 of its 200 exports');
  });

  it('lists the largest packages and the duplicate, as with esbuild', () => {
    const ids = analyseBuild({ stats, dir: webpackDist(), root: project.root }).findings.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'frontend.largest-packages/package=big-lib,version=4.2.0',
        'frontend.largest-packages/package=heavy-cjs,version=0.9.1',
        'frontend.duplicate-packages/package=dup',
        'frontend.unminified-code/file=main.js',
      ]),
    );
  });

  it('needs the built files for what only they show, and still reads the sizes without them', () => {
    const report = analyseBuild({
      stats,
      root: project.root,
      budget: writeBudget({ initialJsGzipBytes: 1024 }),
    });
    const budget = find(report, 'frontend.initial-bundle-over-budget/entry=main,type=js');
    expect(budget.evidence[0]?.label).toBe('initial JavaScript (uncompressed, no --dir given) of main.js');
    expect(budget.evidence[0]?.value).toBe(statSync(path.join(webpackDist(), 'main.js')).size);
    expect(report.findings.some((f) => f.check === 'frontend.unminified-code')).toBe(false);
  });
});

describe('report formats', () => {
  const report = () =>
    analyseBuild({
      metafile,
      dir: dist(),
      root: project.root,
      budget: writeBudget({ initialJsGzipBytes: 1024 }),
    });
  const checks = BUNDLE_CHECKS.map((c) => c.metadata);

  it.each([
    [
      'table',
      /^bundle .* \(esbuild metafile, 1 entry\): 6 findings \(1 critical, 4 warning, 1 info\) from 6 checks\n\n# {2}SEVERITY/,
    ],
    [
      'markdown',
      /^## Perflens bundle analysis\n\nbundle .*: 6 findings[\s\S]*<details>[\s\S]*_analysed in \d+\.\d\d s_\n$/,
    ],
    [
      'junit',
      /<testsuites name="perflens bundle" tests="6" failures="1"[\s\S]*<failure message="1 finding at or above critical" type="critical">/,
    ],
  ] as const)('renders %s', (format, pattern) => {
    expect(formatBundleReport(report(), format, checks, 'critical')).toMatch(pattern);
  });

  it('renders JSON in the analysis report shape', () => {
    const json = JSON.parse(formatBundleReport(report(), 'json', checks, 'critical')) as AnalysisReport & {
      version: string;
    };
    expect(json.version).toBe('perflens.analysis/v1');
    expect(json.findings.find((f) => f.severity === 'critical')).toMatchObject({
      check: 'frontend.initial-bundle-over-budget',
      layer: 'frontend',
      causedBy: [],
      links: {
        runbook:
          'https://github.com/perflens/perflens/blob/main/docs/bundle.md#frontendinitial-bundle-over-budget',
      },
    });
  });
});
