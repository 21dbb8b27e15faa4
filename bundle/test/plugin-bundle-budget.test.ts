import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyseBuild, loadBundleBudget } from '../src';

// The Grafana plugin's production bundle against its committed budget (plugin/bundle-budget.json): a pull
// request that makes it grow past the budget fails here. `npm test` builds the plugin before jest runs.
const PLUGIN = path.resolve(__dirname, '../../plugin');
const DIST = path.join(PLUGIN, 'dist');
const BUDGET = path.join(PLUGIN, 'bundle-budget.json');
const ENTRIES = ['module.js', 'top-bottlenecks-panel/module.js'];

function requireBuiltPlugin(): void {
  const missing = ENTRIES.filter((entry) => !existsSync(path.join(DIST, entry)));
  if (missing.length > 0) {
    throw new Error(
      `plugin/dist has no ${missing.join(', ')}: build the plugin first (npm run build -w @perflens/plugin; npm test does it)`,
    );
  }
}

describe("the Grafana plugin's production bundle", () => {
  it('stays within plugin/bundle-budget.json', () => {
    requireBuiltPlugin();
    const report = analyseBuild({ dir: DIST, root: PLUGIN, entries: ENTRIES, budget: BUDGET });
    const critical = report.findings.filter((f) => f.severity === 'critical').map((f) => f.title);
    expect(critical).toEqual([]);
    expect(report.scope.job).toBe(`bundle ${DIST} (built files, 2 entries)`);
  });

  it('fails a build that grows one byte past the budget', () => {
    requireBuiltPlugin();
    const totalId = 'frontend.initial-bundle-over-budget/entry=(all files),type=js';
    const criticalWith = (totalJsGzipBytes: number) =>
      analyseBuild({
        dir: DIST,
        root: PLUGIN,
        entries: ENTRIES,
        budget: withTotal(totalJsGzipBytes),
      }).findings.filter((f) => f.severity === 'critical');
    const measured = criticalWith(1).find((f) => f.id === totalId)?.evidence[0]?.value ?? 0;
    expect(measured).toBeGreaterThan(100_000);
    expect(measured).toBeLessThanOrEqual(loadBundleBudget(BUDGET).totalJsGzipBytes ?? 0);
    expect(criticalWith(measured)).toEqual([]);
    expect(criticalWith(measured - 1).map((f) => f.id)).toEqual([totalId]);
  });
});

let scratch: string | undefined;
afterAll(() => scratch && rmSync(scratch, { recursive: true, force: true }));

/** The committed budget with `totalJsGzipBytes` replaced, written to a temporary file. */
function withTotal(totalJsGzipBytes: number): string {
  scratch ??= mkdtempSync(path.join(tmpdir(), 'perflens-plugin-budget-'));
  const file = path.join(scratch, `budget-${totalJsGzipBytes}.json`);
  writeFileSync(file, JSON.stringify({ ...loadBundleBudget(BUDGET), totalJsGzipBytes }));
  return file;
}
