import { AppPage, EMPTY_RANGE_PARAMS, RANGE_PARAMS } from './app-page';

export class LoadTestsPage extends AppPage {
  async goto(range: 'scenario' | 'empty' = 'scenario') {
    await this.open(`/a/perflens-insights-app/load-tests?${range === 'empty' ? EMPTY_RANGE_PARAMS : RANGE_PARAMS}`);
  }

  /** What the page says while no run is picked: that none is in the range, or that one can be picked. */
  emptyState() {
    return this.byTestId('perflens-load-tests-empty');
  }

  async pick(label: 'Test run' | 'Baseline', testid: string) {
    await this.page.getByLabel(label).click();
    await this.page.getByRole('option', { name: testid }).click();
  }

  summary() {
    return this.byTestId('perflens-load-test-summary');
  }

  capacity() {
    return this.byTestId('perflens-capacity');
  }
}
