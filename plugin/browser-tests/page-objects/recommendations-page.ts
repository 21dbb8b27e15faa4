import { AppPage, RANGE_PARAMS } from './app-page';

export class RecommendationsPage extends AppPage {
  async goto() {
    await this.open(`/a/perflens-insights-app/recommendations?${RANGE_PARAMS}`);
    await this.analysed();
  }

  layerHeadings() {
    return this.page.getByRole('heading', { level: 2 });
  }

  sqlBlocks() {
    return this.byTestId('perflens-recommendation-sql');
  }
}
