import { chromiumExecutable } from '@perflens/test-harness';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBundle } from '../src';
import { startServedSite, type ServedSite } from './served-site';

const root = path.join(__dirname, '..', '..');
const TOKEN = 'bundle-publish-token-0123456789abcdef';

/**
 * `perflens bundle --url … --publish` against the real `perflens exporter` (the built binary in a child
 * process: npm test builds first; @perflens/bundle may not import the exporter), with its frontendAssets
 * endpoint on: what the page served reaches /metrics as the perflens_frontend_* gauges.
 */
let site: ServedSite;
let exporter: { url: string; process: ChildProcess };
let dir: string;

/** Starts the exporter and waits for the log line that gives its URL (port 0: a free port). */
function startExporter(configFile: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin', 'perflens.js'), 'exporter', '--config', configFile],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`the exporter did not start in 30 s:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*perflens exporter listening/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, process: child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the exporter exited with ${code}:\n${output}`));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-bundle-publish-'));
  writeFileSync(path.join(dir, 'token'), `${TOKEN}\n`);
  writeFileSync(path.join(dir, 'wrong-token'), 'not-the-token-0123456789abcdef0123456\n');
  const config = path.join(dir, 'perflens.yaml');
  writeFileSync(
    config,
    [
      'server: { host: 127.0.0.1, port: 0 }',
      'host: { enabled: false }',
      'frontendAssets: { enabled: true, tokenFile: token }',
    ].join('\n'),
  );
  [site, exporter] = await Promise.all([startServedSite(), startExporter(config)]);
}, 60_000);

afterAll(async () => {
  exporter?.process.kill('SIGTERM');
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

const publishFlags = (tokenFile: string) => ({
  url: `${site.url}/bad/`,
  page: '/bad/',
  publish: exporter.url,
  tokenFile: path.join(dir, tokenFile),
  format: 'json',
  failOn: 'never',
  chromium: chromiumExecutable(),
});

describe('perflens bundle --url --publish to a real exporter', () => {
  it("publishes the page's bytes, budget, uncompressed and render-blocking assets as gauges", async () => {
    const before = Math.floor(Date.now() / 1000);
    expect(await runBundle(publishFlags('token'), () => undefined)).toEqual({ exitCode: 0 });
    const bytesOf = async (asset: string) =>
      (await (await fetch(`${site.url}${asset}`)).arrayBuffer()).byteLength;
    const [html, js, css] = (await Promise.all(
      ['/bad/', '/bad/app.3f9a1c2e.js', '/bad/style.css'].map(bytesOf),
    )) as [number, number, number];

    const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
    const gauge = (name: string, labels: string) =>
      Number(new RegExp(`^${name}\\{page="/bad/"${labels}\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect({
      script: gauge('perflens_frontend_page_bytes', ',kind="script"'),
      style: gauge('perflens_frontend_page_bytes', ',kind="style"'),
      scriptBudget: gauge('perflens_frontend_page_budget_bytes', ',kind="script"'),
      uncompressed: gauge('perflens_frontend_uncompressed_bytes', ''),
      blockingScripts: gauge('perflens_frontend_render_blocking_assets', ',kind="script"'),
      blockingStyles: gauge('perflens_frontend_render_blocking_assets', ',kind="style"'),
      renderBlockingSavings: gauge('perflens_frontend_savings_bytes', ',fix="render-blocking"'),
    }).toEqual({
      // The badly served page sends everything raw, so transferred bytes are the files' own.
      script: js,
      style: css,
      scriptBudget: 170 * 1024,
      uncompressed: html + js + css,
      blockingScripts: 1,
      blockingStyles: 1,
      renderBlockingSavings: js + css,
    });
    const compression = gauge('perflens_frontend_savings_bytes', ',fix="compression"');
    expect(compression).toBeGreaterThan((html + js + css) / 2); // gzip takes off more than half of this text
    expect(compression).toBeLessThan(html + js + css);
    expect(gauge('perflens_frontend_savings_bytes', ',fix="images"')).toBeGreaterThan(0);
    const reported = gauge('perflens_frontend_assets_report_timestamp_seconds', '');
    expect(reported).toBeGreaterThanOrEqual(before);
    expect(reported).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  }, 60_000);

  it("exits 2 naming the exporter's refusal when the token is wrong", async () => {
    const outcome = await runBundle(publishFlags('wrong-token'), () => undefined);
    expect(outcome).toEqual({
      exitCode: 2,
      message: `${exporter.url}/api/v1/frontend-assets refused the page summary: HTTP 401 a bearer token is required`,
    });
  }, 60_000);

  it.each([
    [
      { tokenFile: undefined },
      "--publish needs --token-file, a file holding the exporter's frontendAssets token",
    ],
    [{ publish: undefined, page: undefined }, '--token-file goes with --publish'],
    [{ url: undefined, metafile: 'meta.json' }, '--publish goes with --url'],
    [{ tokenFile: '/nonexistent/token' }, '--token-file: cannot read /nonexistent/token (ENOENT)'],
  ])('exits 2 on a misused publish flag (%o)', async (change, message) => {
    expect(await runBundle({ ...publishFlags('token'), ...change }, () => undefined)).toEqual({
      exitCode: 2,
      message,
    });
  });
});
