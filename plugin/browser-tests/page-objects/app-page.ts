import path from 'path';
import type { Locator, Page } from 'playwright-core';
import { SCENARIO_RANGE } from '../../harness/harness-scenario';
import { SCREENSHOT_DIR } from '../harness-browser';

/** The range every page object opens: the scenario's last 30 minutes, as `from`/`to` URL parameters. */
export const RANGE_PARAMS = `from=${SCENARIO_RANGE.from}&to=${SCENARIO_RANGE.to}`;

/** A range of the same length a year before the scenario: Prometheus holds nothing there. */
export const EMPTY_RANGE_PARAMS = `from=${SCENARIO_RANGE.from - 365 * 86_400_000}&to=${SCENARIO_RANGE.to - 365 * 86_400_000}`;

/** The narrowest desktop width the pages must fit without a horizontal scrollbar. */
export const NARROW_VIEWPORT = { width: 1280, height: 900 };

/** A URL's `from`/`to` in milliseconds, whether written as epoch milliseconds or as ISO times (scenes does both). */
export function rangeOfUrl(url: string): { from: number; to: number } {
  const params = new URL(url).searchParams;
  const millis = (text: string | null) => (text && /^\d+$/.test(text) ? Number(text) : Date.parse(text ?? ''));
  return { from: millis(params.get('from')), to: millis(params.get('to')) };
}

/** What every page of the app has: a URL under the harness, the analysis status, a screenshot. */
export abstract class AppPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string
  ) {}

  protected async open(pathAndQuery: string, role?: 'Viewer' | 'Editor' | 'Admin') {
    await this.page.setViewportSize(NARROW_VIEWPORT);
    const separator = pathAndQuery.includes('?') ? '&' : '?';
    await this.page.goto(`${this.baseUrl}${pathAndQuery}${role ? `${separator}role=${role}` : ''}`);
  }

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Waits until the engine's analysis has finished: one of the views of a report (or its error) is shown. */
  async analysed() {
    const views = [
      'findings-table',
      'findings-empty',
      'no-data',
      'analysis-error',
      'finding-title',
      'recommendation',
      'load-test-summary',
    ];
    await this.page
      .locator(views.map((view) => `[data-testid="perflens-${view}"]`).join(', '))
      .first()
      .waitFor();
  }

  /** The page's own width beyond the window's (0 when there is no horizontal scrollbar). */
  async horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }

  /** Clicks a link of the navigation (the harness' stand-in for Grafana's app menu) and waits for the page. */
  async navigateTo(name: 'Overview' | 'Bottlenecks' | 'Recommendations' | 'Load tests') {
    const path = `/a/perflens-insights-app/${name.toLowerCase().replace(' ', '-')}`;
    await this.page.getByRole('navigation', { name: 'Perflens' }).getByRole('link', { name, exact: true }).click();
    await this.page.waitForURL((url) => url.pathname === path && url.searchParams.has('from'));
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }
}
