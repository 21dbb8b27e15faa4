import { parseDuration } from '@perflens/conventions';
import { SLO_BURN_ALERT } from '../../src/generate/burn-rate-alerts';
import { generateSloRules } from '../../src/generate/generate-slo-rules';
import { WORKBOOK_BURN_WINDOWS, type BurnWindow } from '../../src/model/burn-windows';
import { buildSloModel } from '../../src/model/slo-model';
import { parseSloSpec } from '../../src/spec/parse-slo-spec';
import { ruleFileYaml } from '../../src/write/rule-file-yaml';
import { CHECKOUT_ROUTE } from './checkout-app';

export const E2E_JOB = 'e2e-checkout';
export const E2E_SLO = 'checkout-availability';
export const CANARY_ALERT = 'E2eSilenceCanary';

/** The test's own SLO file, read through the same loader as alert-rules/slo.yaml. */
const E2E_SLO_FILE = `
version: perflens/v1
services:
  - name: ${E2E_JOB}
    labels: { team: e2e }
    minRequestRate: 1
    slos:
      - name: ${E2E_SLO}
        kind: availability
        description: Checkout answers without a server error.
        objective: 99.9
        window: 30d
        routes: [${CHECKOUT_ROUTE}]
`;

/**
 * The workbook's fast page pair (14.4x over 1h, with 5m) shrunk to 30s with 3s, with its burn rate kept:
 * the budget share scales with the window. A 3s short window spans three 1s scrapes, so the page fires
 * and resolves within seconds. The slow page pair and the ticket pairs are left out: their short windows
 * would hold the alert long after the errors stop, and tickets go to another channel.
 */
export function shortPageWindow(): BurnWindow {
  const fastPage = WORKBOOK_BURN_WINDOWS[0] as BurnWindow;
  const long = '30s';
  return {
    severity: 'page',
    long,
    short: '3s',
    budgetConsumed: (fastPage.budgetConsumed * parseDuration(long)) / parseDuration(fastPage.long),
  };
}

/** The SLO rule file generated for the test app, evaluated every second. */
export function e2eSloRules(): string {
  const models = buildSloModel(parseSloSpec(E2E_SLO_FILE, 'e2e SLO file'));
  return ruleFileYaml(generateSloRules(models, { windows: [shortPageWindow()], interval: '1s' }), [
    'Test-only SLO rules for the end-to-end alerting test (short windows).',
  ]);
}

/**
 * A test-only alert that fires 3 s after the burn page is firing in Prometheus. Prometheus sends the page
 * to Alertmanager as soon as it fires, and Alertmanager flushes the page's group after group_wait (1 s), so
 * by the time the canary's own notification arrives, the page's first notification has been sent or held
 * back. Its arrival is what lets the silence test conclude "not delivered" without sleeping.
 */
export const CANARY_RULES = `
groups:
  - name: e2e-silence-canary
    interval: 1s
    rules:
      - alert: ${CANARY_ALERT}
        expr: max by (job, slo) (ALERTS{alertname="${SLO_BURN_ALERT}", alertstate="firing", job="${E2E_JOB}"})
        for: 3s
        labels:
          severity: critical
        annotations:
          summary: The burn page of {{ $labels.job }} {{ $labels.slo }} has been firing for 3 s.
          description: Canary of the end-to-end alerting test.
          runbook_url: https://example.com/e2e-canary
`;
