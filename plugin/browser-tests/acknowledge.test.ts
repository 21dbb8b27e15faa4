/**
 * @jest-environment node
 */
import { type Harness, startHarness } from '../harness/start-harness';
import { type HarnessBrowser, launchHarnessBrowser } from './harness-browser';
import { FindingPage } from './page-objects/finding-page';

/**
 * Acknowledging = silencing the finding's firing alert in a real Alertmanager, through the data source
 * proxy. The alert is ApiRouteHighLatency as alert-rules/rules/api.rules.yml labels it.
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

  // Alertmanager keeps a silence's matchers sorted by name.
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
