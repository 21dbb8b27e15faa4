import { AppPage, RANGE_PARAMS } from './app-page';

export class BottlenecksPage extends AppPage {
  async goto() {
    await this.open(`/a/perflens-insights-app/bottlenecks?${RANGE_PARAMS}`);
    await this.analysed();
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
