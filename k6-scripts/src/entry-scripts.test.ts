import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Options, Scenario } from 'k6/options';
import { SLO_THRESHOLDS } from '../generated/slo-thresholds.ts';
import { k6Recorder } from '../test/k6-recorder.ts';
import { sloThresholds } from './shared/slo-thresholds.ts';

/** The entry scripts: every `.ts` file directly in src/ except type declarations and the public surface. */
export const ENTRY_SCRIPTS = readdirSync(__dirname)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'))
  .filter((file) => file !== 'index.ts')
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

interface EntryScript {
  options: Options;
  default: () => void | Promise<void>;
  handleSummary: (data: unknown) => Record<string, string>;
  teardown?: () => void;
}

/** Loads an entry script the way k6's init context would: fresh module state, `__ENV` and `open()`. */
function loadEntryScript(name: string, env: Record<string, string> = {}): EntryScript {
  const globals = globalThis as unknown as { __ENV: Record<string, string>; open: (file: string) => string };
  globals.__ENV = { TESTID: 'ci-123', ...env };
  globals.open = (file) => readFileSync(path.resolve(__dirname, file), 'utf8');
  let script: EntryScript | undefined;
  jest.isolateModules(() => {
    // A fresh module registry per load is what k6 gives each VU; `import()` cannot run synchronously here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    script = require(`./${name}.ts`) as EntryScript;
  });
  return script as EntryScript;
}

const demoSlos = SLO_THRESHOLDS.services['demo-api']!;

/** The HTTP load tests; the frontend test drives a browser instead (tested on its own below). */
const LOAD_TESTS = ENTRY_SCRIPTS.filter((name) => name !== 'frontend');

describe('entry scripts', () => {
  beforeEach(() => k6Recorder.reset());

  it('are one per test type', () => {
    expect(ENTRY_SCRIPTS).toEqual([
      'average-load',
      'breakpoint',
      'frontend',
      'smoke',
      'soak',
      'spike',
      'stress',
    ]);
  });

  describe.each(LOAD_TESTS)('%s', (name) => {
    it('runs one scenario named after the test type, under `scenarios` with no top-level executor', () => {
      const { options } = loadEntryScript(name);
      expect(Object.keys(options.scenarios ?? {})).toEqual([name]);
      for (const key of ['executor', 'stages', 'vus', 'duration', 'iterations']) {
        expect(options).not.toHaveProperty(key);
      }
    });

    it('has a threshold for every SLO of the service', () => {
      const { options } = loadEntryScript(name);
      const expected = sloThresholds(demoSlos);
      for (const [metric, conditions] of Object.entries(expected)) {
        const actual = (options.thresholds?.[metric] ?? []).map((entry) =>
          typeof entry === 'string' ? entry : entry.threshold,
        );
        expect(actual).toEqual(conditions);
      }
    });

    it('tags every sample with the testid and leaves the URL out of the system tags', () => {
      const { options } = loadEntryScript(name);
      expect(options.tags).toEqual({ testid: 'ci-123', test_type: name });
      expect(options.systemTags).not.toContain('url');
      expect(options.systemTags).not.toContain('error');
    });

    it('sends requests named by route template, never by URL', () => {
      const script = loadEntryScript(name);
      for (let iteration = 0; iteration < 50; iteration++) script.default();
      const routes = new Set(k6Recorder.requests.map((request) => request.tags.name));
      expect([...routes].every((route) => route !== undefined && !/\/[0-9]+(\/|$)/.test(route))).toBe(true);
      expect(k6Recorder.requests.every((request) => request.url.startsWith('http://127.0.0.1:3000/'))).toBe(
        true,
      );
    });

    it('counts only server errors and missing answers as failed requests', () => {
      loadEntryScript(name);
      expect(k6Recorder.responseCallbacks).toEqual([{ expectedStatuses: [{ min: 200, max: 499 }] }]);
    });

    it('writes the text summary to stdout and JSON, JUnit and Markdown under RESULTS_DIR', () => {
      const script = loadEntryScript(name, { RESULTS_DIR: 'out/' });
      const files = script.handleSummary({
        metrics: {},
        root_group: { name: '', path: '', groups: [], checks: [] },
      });
      expect(Object.keys(files).sort()).toEqual([
        `out/${name}-junit.xml`,
        `out/${name}-summary.json`,
        `out/${name}-summary.md`,
        'stdout',
      ]);
    });
  });

  it.each([
    { title: 'a scenario with a positive duration and a VU pool', name: 'smoke' },
    { title: 'an arrival-rate scenario that ends at rate zero', name: 'average-load' },
  ])('smoke and average load have $title', ({ name }) => {
    const scenario = loadEntryScript(name).options.scenarios?.[name] as Scenario;
    expect(scenario.executor).toBe(name === 'smoke' ? 'constant-vus' : 'ramping-arrival-rate');
  });

  it('stops the breakpoint test through abortOnFail SLO thresholds once the first step is over', () => {
    const { options } = loadEntryScript('breakpoint');
    expect(options.thresholds?.['http_req_duration']).toEqual([
      { threshold: 'p(99)<=250', abortOnFail: true, delayAbortEval: '70s' },
    ]);
    expect(options.thresholds?.['http_req_failed{target_rate:40}']).toEqual(['rate<=0.001']);
  });

  it('fails a soak run whose memory checks fail', () => {
    const { options } = loadEntryScript('soak');
    expect(options.thresholds?.['checks{memory:rss}']).toEqual(['rate==1']);
    expect(options.thresholds?.['checks{memory:heap}']).toEqual(['rate==1']);
  });

  it('names the variable when the environment is wrong', () => {
    expect(() => loadEntryScript('smoke', { BASE_URL: 'localhost:3000' })).toThrow(
      'BASE_URL: "localhost:3000" is not an http(s) URL',
    );
  });

  describe('frontend', () => {
    it('loads the pages in Chromium through one shared-iterations scenario, judged on web vitals', () => {
      const { options } = loadEntryScript('frontend', { FRONTEND_ITERATIONS: '3' });
      expect(options.scenarios).toEqual({
        frontend: {
          executor: 'shared-iterations',
          vus: 1,
          iterations: 3,
          maxDuration: '5m',
          options: { browser: { type: 'chromium' } },
        },
      });
      expect(options.thresholds).toEqual({
        browser_web_vital_lcp: ['p(75)<=2500'],
        browser_web_vital_fcp: ['p(75)<=1800'],
        browser_web_vital_cls: ['p(75)<=0.1'],
        browser_web_vital_ttfb: ['p(75)<=800'],
        checks: ['rate==1'],
      });
      expect(options.tags).toEqual({ testid: 'ci-123', test_type: 'frontend' });
      expect(options.systemTags).not.toContain('url');
    });

    it('opens each page of FRONTEND_PAGES in a new page per iteration and checks it loaded', async () => {
      const script = loadEntryScript('frontend', {
        BASE_URL: 'http://shop.test',
        FRONTEND_PAGES: '/, /cart',
      });
      await script.default();
      expect(k6Recorder.pageLoads).toEqual(['http://shop.test/', 'http://shop.test/cart']);
      expect(k6Recorder.checks).toEqual([
        { name: 'page / answers 200', ok: true, tags: {} },
        { name: 'page /cart answers 200', ok: true, tags: {} },
      ]);
    });

    it('names the variable when a page is not a path', () => {
      expect(() => loadEntryScript('frontend', { FRONTEND_PAGES: 'cart' })).toThrow(
        'FRONTEND_PAGES: "cart" must be a path starting with /',
      );
    });
  });
});
