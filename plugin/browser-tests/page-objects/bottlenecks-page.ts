import { AppPage, RANGE_PARAMS } from './app-page';

export class BottlenecksPage extends AppPage {
  /** Opens the page over the scenario's range, for its job or another one (`var-job`). */
  async goto(job?: string) {
    await this.open(`/a/perflens-insights-app/bottlenecks?${RANGE_PARAMS}${job ? `&var-job=${job}` : ''}`);
    await this.analysed();
  }

  /** The empty state shown instead of the report when Prometheus holds nothing of the job in the range. */
  noData() {
    return this.byTestId('perflens-no-data');
  }

  findingTitles() {
    return this.byTestId('perflens-findings-table').getByRole('link');
  }

  async showOnlyCritical() {
    await this.page.getByRole('radio', { name: 'Critical' }).check({ force: true });
  }

  async openFinding(title: string) {
    await this.findingTitles().filter({ hasText: title }).click();
  }
}
