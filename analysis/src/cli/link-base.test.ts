import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LINK_BASE } from '../report/finding-links';
import { UsageError } from './analyze-options';
import { checkoutAnalysisDoc, linkBaseFrom } from './link-base';

describe('linkBaseFrom', () => {
  it('links runbooks to the checkout’s own docs/analysis.md, which exists, so they open offline', async () => {
    const doc = await checkoutAnalysisDoc();
    expect(existsSync(doc)).toBe(true);
    await expect(linkBaseFrom({}, {})).resolves.toEqual({
      grafanaUrl: '',
      runbookBaseUrl: pathToFileURL(doc).href,
    });
  });

  it('links to the published docs where no checkout is (an installed package)', async () => {
    expect((await linkBaseFrom({}, {}, '/nowhere/docs/analysis.md')).runbookBaseUrl).toBe(
      DEFAULT_LINK_BASE.runbookBaseUrl,
    );
  });

  it.each([
    [{ grafanaUrl: 'http://grafana.internal:3000/' }, {}, 'http://grafana.internal:3000'],
    [{}, { PERFLENS_GRAFANA_URL: 'https://grafana.example.test' }, 'https://grafana.example.test'],
    [{ grafanaUrl: 'http://flag:3000' }, { PERFLENS_GRAFANA_URL: 'http://env:3000' }, 'http://flag:3000'],
  ])('takes the Grafana base from %j and %j', async (flags, env, grafanaUrl) => {
    expect((await linkBaseFrom(flags, env)).grafanaUrl).toBe(grafanaUrl);
  });

  it('takes --runbook-url as given', async () => {
    expect((await linkBaseFrom({ runbookUrl: 'https://docs.internal/analysis' }, {})).runbookBaseUrl).toBe(
      'https://docs.internal/analysis',
    );
  });

  it.each([
    [{ grafanaUrl: 'grafana:3000' }, {}, '--grafana-url must be an http(s) URL, got "grafana:3000"'],
    [
      { grafanaUrl: 'not a url' },
      {},
      '--grafana-url must be a URL such as http://localhost:3000, got "not a url"',
    ],
    [{}, { PERFLENS_GRAFANA_URL: 'ftp://x' }, '$PERFLENS_GRAFANA_URL must be an http(s) URL, got "ftp://x"'],
    [{ runbookUrl: 'ftp://docs' }, {}, '--runbook-url must be an http(s) or file URL, got "ftp://docs"'],
  ])('refuses %j %j naming where the value came from', async (flags, env, message) => {
    await expect(linkBaseFrom(flags, env)).rejects.toThrow(new UsageError(message));
  });
});
