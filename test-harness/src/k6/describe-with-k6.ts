import { ALLOW_NO_K6_VAR, k6MissingReason, locateK6, type K6Binary } from './k6-binary';

type Hook = typeof beforeAll;
type JestGlobals = Record<'it' | 'test' | 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach', unknown>;

/**
 * A describe block whose tests run under a real k6 (see {@link locateK6}). With k6 it is a plain describe
 * and `body` receives the binary.
 *
 * Without k6 the tests are still registered, so the run says how many did not run, but nothing starts:
 * the hooks of `body` (services, demo) are dropped and each test is either a failure naming the reason
 * (the default: a k6 test that did not run has not passed) or, with PERFLENS_ALLOW_NO_K6=1, a jest "todo",
 * which jest counts apart from passed tests. Either way one line on stderr says how many were not run and why.
 */
export function describeWithK6(title: string, body: (k6: K6Binary) => void): void {
  const k6 = locateK6();
  if (k6 !== undefined) {
    describe(title, () => body(k6));
    return;
  }
  const allowed = process.env[ALLOW_NO_K6_VAR] === '1';
  const reason = k6MissingReason();
  describe(title, () => {
    const names = collectTestNames(() => body({ path: '', source: 'PATH' }));
    for (const name of names) {
      if (allowed) it.todo(name);
      else
        it(name, () => {
          throw new Error(`not run: ${reason}; or set ${ALLOW_NO_K6_VAR}=1 to list k6 tests as todo`);
        });
    }
    process.stderr.write(
      `${title}: ${names.length} k6 test(s) not run: ${reason}` +
        (allowed
          ? ` (${ALLOW_NO_K6_VAR}=1: listed as todo)\n`
          : ` (they fail; ${ALLOW_NO_K6_VAR}=1 lists them as todo)\n`),
    );
  });
}

/**
 * Runs a describe body with jest's registration functions replaced, to learn its test names without
 * registering anything or starting its services. The body runs synchronously, as every describe body does.
 */
function collectTestNames(body: () => void): string[] {
  const globals = globalThis as unknown as JestGlobals;
  const keys = ['it', 'test', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach'] as const;
  const saved = Object.fromEntries(keys.map((key) => [key, globals[key]]));
  const names: string[] = [];
  const prefixes: string[] = [];
  const record = (name: string) => names.push([...prefixes, name].join(' '));
  const collectIt = Object.assign((name: string) => record(name), {
    each: (table: readonly unknown[]) => (name: string) =>
      table.forEach((row) => record(eachTitle(name, row))),
  });
  const noHook: Hook = () => undefined;
  const savedDescribe = globalThis.describe;
  Object.assign(globals, {
    it: collectIt,
    test: collectIt,
    beforeAll: noHook,
    afterAll: noHook,
    beforeEach: noHook,
    afterEach: noHook,
  });
  (globalThis as { describe: unknown }).describe = (name: string, inner: () => void) => {
    prefixes.push(name);
    inner();
    prefixes.pop();
  };
  try {
    body();
  } finally {
    Object.assign(globals, saved);
    (globalThis as { describe: unknown }).describe = savedDescribe;
  }
  return names;
}

/** The title jest gives one row of `it.each`: printf-style `%s`/`%d`/`%p`… for values, `$key` for objects. */
function eachTitle(title: string, row: unknown): string {
  if (row !== null && typeof row === 'object' && !Array.isArray(row)) {
    const fields = row as Record<string, unknown>;
    return title.replace(/\$(\w+)/g, (token, key: string) => (key in fields ? String(fields[key]) : token));
  }
  const values = Array.isArray(row) ? [...row] : [row];
  return title.replace(/%[sdifjop]/g, () => String(values.shift()));
}
