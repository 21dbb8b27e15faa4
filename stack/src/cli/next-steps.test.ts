import path from 'node:path';
import { DEFAULT_PORTS, REPO_ROOT, type StackOptions } from './stack-options';
import { nextSteps, shellWord } from './next-steps';

const options: StackOptions = {
  dataDir: '/var/tmp/perflens data',
  ports: DEFAULT_PORTS,
  targets: [],
  job: 'demo-api',
  scale: 1,
  rate: 10,
  statusEverySeconds: 15,
  installPackages: true,
};
const urls = {
  demo: 'http://127.0.0.1:3000',
  prometheus: 'http://127.0.0.1:9090',
  alertmanager: 'http://127.0.0.1:9093',
};

describe('the next steps perflens up prints', () => {
  it('gives the bottleneck curl with the token, analyze for this Prometheus, the sinks and the preview', () => {
    const text = nextSteps({ options, urls, adminToken: 'tok-en_1', cwd: REPO_ROOT }).join('\n');
    expect(text).toContain(
      `curl -X PUT -H 'Authorization: Bearer tok-en_1' -H 'Content-Type: application/json' ` +
        `-d '{"enabled":true}' http://127.0.0.1:3000/admin/bottlenecks/n-plus-one`,
    );
    expect(text).toContain(
      'node bin/perflens.js analyze --prometheus http://127.0.0.1:9090 --job demo-api --range 15m --fail-on never',
    );
    // A path with a space is quoted, so the printed command still works when pasted.
    expect(text).toContain(`tail -f '/var/tmp/perflens data/sinks'/*.jsonl`);
    expect(text).toMatch(/^ {4}npm run plugin:preview$/m);
  });

  it('without the demo (--target) leaves out the bottleneck curl and analyzes the given job', () => {
    const text = nextSteps({
      options: { ...options, job: 'my service', targets: ['127.0.0.1:8080'] },
      urls: { prometheus: urls.prometheus, alertmanager: urls.alertmanager },
      // A folder beside the checkout, wherever it is (CI may clone into /tmp): never its ancestor.
      cwd: path.join(REPO_ROOT, '..', 'not-the-checkout'),
    }).join('\n');
    expect(text).not.toContain('curl');
    expect(text).toContain(
      `node ${REPO_ROOT}/bin/perflens.js analyze --prometheus http://127.0.0.1:9090 --job 'my service'`,
    );
    expect(text).toContain(`cd ${REPO_ROOT} && npm run plugin:preview`);
  });

  it('quotes shell words only when needed', () => {
    expect(shellWord('http://127.0.0.1:9090/a-b_c')).toBe('http://127.0.0.1:9090/a-b_c');
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});
