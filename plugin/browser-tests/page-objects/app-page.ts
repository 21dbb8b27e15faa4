import path from 'path';
import type { Locator, Page } from 'playwright-core';
import { SCENARIO_RANGE } from '../../harness/harness-scenario';
import { SCREENSHOT_DIR } from '../harness-browser';

/** The range every page object opens: the scenario's last 30 minutes, as `from`/`to` URL parameters. */
export const RANGE_PARAMS = `from=${SCENARIO_RANGE.from}&to=${SCENARIO_RANGE.to}`;

/** What every page of the app has: a URL under the harness, the analysis status, a screenshot. */
export abstract class AppPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string
  ) {}

  protected async open(pathAndQuery: string, role?: 'Viewer' | 'Editor') {
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

  async screenshot(name: string) {
    await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }
}
