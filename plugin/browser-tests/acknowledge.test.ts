/**
 * @jest-environment node
 */
import { SILENCES_ROUTE_URL } from '../src/acknowledge/silences-route';
import { HARNESS_ROLE_HEADER } from '../harness/entry/harness-session';
import { type Harness, startHarness } from '../harness/start-harness';
import { type HarnessBrowser, launchHarnessBrowser } from './harness-browser';
import { FindingPage } from './page-objects/finding-page';

/**
 * Acknowledging = silencing the finding's firing alert in a real Alertmanager, through the app's plugin
 * route, which the harness server guards with plugin.json's rules as Grafana does (Editor and up). The
 * alert is ApiRouteHighLatency as alert-rules/rules/api.rules.yml labels it.
 */
let harness: Harness;
let browser: HarnessBrowser;

const SLOW_ROUTE = 'api.route-slower-than-slo/http_request_method=GET,http_route=/api/products,job=demo-api';
const FIRING = {
  labels: { alertname: 'ApiRouteHighLatency', job: 'demo-api', http_route: '/api/products', severity: 'warning' },
  annotations: { summary: 'A route is slow.' },
};

beforeAll(async () => {
  [harness, browser] = await Promise.all([startHarness(), launchHarnessBrowser()]);
  await harness.alertmanager.postAlerts([FIRING]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
}, 60_000);

describe('acknowledging a finding', () => {
  it('a Viewer sees the firing alert but has no control to silence it', async () => {
    const finding = new FindingPage(await browser.newPage(), harness.url);
    await finding.goto(SLOW_ROUTE, 'Viewer');
    await finding.acknowledgeSection().getByText('ApiRouteHighLatency').waitFor();
    expect(await finding.acknowledgeSection().getByRole('button').count()).toBe(0);
    expect(await finding.acknowledgeSection().getByRole('textbox').count()).toBe(0);
    expect(await finding.byTestId('perflens-acknowledge-read-only').innerText()).toBe(
      'Only Editors and Admins can silence this alert.'
    );
    await finding.screenshot('finding-viewer');
    expect(await harness.alertmanager.silences()).toEqual([]);
  });

  it("refuses a Viewer's POST to the silences route server-side (403), even one sent around the page's controls", async () => {
    const finding = new FindingPage(await browser.newPage(), harness.url);
    await finding.goto(SLOW_ROUTE, 'Viewer');
    await finding.acknowledgeSection().getByText('ApiRouteHighLatency').waitFor();
    // What a Viewer's session can send by hand: the request the Editor's form sends, with the Viewer's identity.
    const refused = await finding.page.evaluate(
      async ({ url, header }) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [header]: sessionStorage.getItem('perflens-harness-role') ?? '',
          },
          body: JSON.stringify({
            matchers: [{ name: 'alertname', value: 'ApiRouteHighLatency', isRegex: false, isEqual: true }],
            startsAt: new Date().toISOString(),
            endsAt: new Date(Date.now() + 3_600_000).toISOString(),
            createdBy: 'harness-viewer',
            comment: 'not allowed',
          }),
        });
        return { status: response.status, body: await response.json() };
      },
      { url: SILENCES_ROUTE_URL, header: HARNESS_ROLE_HEADER }
    );
    expect(refused).toEqual({ status: 403, body: { message: 'plugin proxy route access denied' } });
    expect(await harness.alertmanager.silences()).toEqual([]);
  });

  // Alertmanager keeps a silence's matchers sorted by name. The form posts through the same plugin route.
  it('an Editor silences it in Alertmanager with author, comment and the target labels', async () => {
    const finding = new FindingPage(await browser.newPage(), harness.url);
    await finding.goto(SLOW_ROUTE, 'Editor');
    await finding.silenceButton().waitFor();
    await finding.acknowledge('Adding the orders index; see the Recommendations page.');
    await finding.page.getByText(/^Silenced \(silence /).waitFor();
    await finding.screenshot('finding-editor-acknowledged');
    const silences = await harness.alertmanager.silences();
    expect(
      silences.map((s) => ({ matchers: s.matchers, createdBy: s.createdBy, comment: s.comment, state: s.status.state }))
    ).toEqual([
      {
        matchers: [
          { name: 'alertname', value: 'ApiRouteHighLatency', isRegex: false, isEqual: true },
          { name: 'http_route', value: '/api/products', isRegex: false, isEqual: true },
          { name: 'job', value: 'demo-api', isRegex: false, isEqual: true },
        ],
        createdBy: 'harness-editor',
        comment: 'Adding the orders index; see the Recommendations page.',
        state: 'active',
      },
    ]);
  });

  it('raised no uncaught error', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
