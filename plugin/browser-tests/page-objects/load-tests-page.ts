import { AppPage, RANGE_PARAMS } from './app-page';

export class LoadTestsPage extends AppPage {
  async goto() {
    await this.open(`/a/perflens-insights-app/load-tests?${RANGE_PARAMS}`);
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
