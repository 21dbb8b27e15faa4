import { AppPage, RANGE_PARAMS } from './app-page';

export class OverviewPage extends AppPage {
  /** Opens the page over the scenario's range, for its job or another one (`var-job`). */
  async goto(job?: string) {
    await this.open(`/a/perflens-insights-app/overview?${RANGE_PARAMS}${job ? `&var-job=${job}` : ''}`);
    await this.analysed();
  }

  /** The empty state shown instead of the report when Prometheus holds nothing of the job in the range. */
  noData() {
    return this.byTestId('perflens-no-data');
  }

  layerTiles() {
    return this.byTestId('perflens-layer-health').getByRole('listitem');
  }

  budgets() {
    return this.byTestId('perflens-slo-budget').getByRole('listitem');
  }

  topFindingTitles() {
    return this.byTestId('perflens-findings-table').getByRole('link');
  }
}
