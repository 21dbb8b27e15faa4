import { AppPage, RANGE_PARAMS } from './app-page';

export class OverviewPage extends AppPage {
  async goto() {
    await this.open(`/a/perflens-insights-app/overview?${RANGE_PARAMS}`);
    await this.analysed();
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
