import {
  chromiumExecutable,
  healthyProfile,
  JOB,
  useBackfilledPrometheus,
  writeServiceProfile,
} from '@perflens/test-harness';
import { analysePage, linkPoorVitals } from '../src';
import { startServedSite, type ServedSite } from './served-site';

// Real-user web vitals backfilled into a real Prometheus: the badly served page (/bad/) has a poor p75 LCP
// of 5 s, the well served one (/good/) a good 1.2 s, over the same 40 minutes.
const WINDOW: [number, number] = [1_700_006_400, 1_700_006_400 + 2400]; // 2023-11-15T00:00:00Z, 40 minutes
const POOR_LCP_ID = 'frontend.poor-web-vitals/device_class=desktop,page=/bad/,vital=lcp';

const prometheus = useBackfilledPrometheus((writer) => {
  const profile = healthyProfile();
  profile.pages = [
    { page: '/bad/', device: 'desktop', viewsPerSecond: 2, lcp: 5, inp: 0.08, cls: 0.02, ttfb: 0.3 },
    { page: '/good/', device: 'desktop', viewsPerSecond: 2, lcp: 1.2, inp: 0.08, cls: 0.02, ttfb: 0.3 },
  ];
  writeServiceProfile(writer, WINDOW, profile);
});

let site: ServedSite;

beforeAll(async () => {
  site = await startServedSite();
}, 120_000);

afterAll(async () => {
  await site?.close();
}, 30_000);

const rumSource = (page: string) => ({
  prometheus: prometheus().url,
  job: JOB,
  page,
  endSeconds: WINDOW[1],
  rangeSeconds: 1800,
});

describe('poor real-user LCP linked to what the page serves', () => {
  it("links the page's poor LCP to its render-delaying findings (causedBy)", async () => {
    const served = await analysePage(new URL(`${site.url}/bad/`), chromiumExecutable());
    const { report, extraChecks } = await linkPoorVitals(served, rumSource('/bad/'));
    const symptom = report.findings.find((f) => f.id === POOR_LCP_ID);
    expect(symptom?.severity).toBe('critical');
    expect([...(symptom?.causedBy ?? [])].sort()).toEqual([
      'frontend.image-size-and-format/problem=oversized,url=/bad/photo.png',
      'frontend.render-blocking-assets/url=/bad/app.3f9a1c2e.js',
      'frontend.uncompressed-assets/url=/bad/',
      'frontend.uncompressed-assets/url=/bad/app.3f9a1c2e.js',
      'frontend.uncompressed-assets/url=/bad/style.css',
    ]);
    expect(report.findings).toHaveLength(served.findings.length + 1);
    expect(report.checks[0]).toBe('frontend.poor-web-vitals');
    expect(extraChecks.map((c) => c.id)).toEqual(['frontend.poor-web-vitals']);
  }, 90_000);

  it('adds nothing for a page whose real-user LCP is good', async () => {
    const served = await analysePage(new URL(`${site.url}/good/`), chromiumExecutable());
    const { report } = await linkPoorVitals(served, rumSource('/good/'));
    expect(report.findings).toEqual([]);
  }, 90_000);
});
