import { AppPage, RANGE_PARAMS } from './app-page';

export class RecommendationsPage extends AppPage {
  async goto(role?: 'Viewer' | 'Editor' | 'Admin') {
    await this.open(`/a/perflens-insights-app/recommendations?${RANGE_PARAMS}`, role);
    await this.analysed();
  }

  /** The layers' headings (the advisor section above them has its own). */
  layerHeadings() {
    return this.page.locator('h2[id^="perflens-layer-"]');
  }

  advisorSection() {
    return this.page.locator('[data-testid="perflens-advisor"], [data-testid="perflens-advisor-unconfigured"]');
  }

  advisorRecommendations() {
    return this.byTestId('perflens-advisor-recommendation');
  }

  sqlBlocks() {
    return this.byTestId('perflens-recommendation-sql');
  }
}
