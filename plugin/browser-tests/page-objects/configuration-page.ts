import { AppPage } from './app-page';

export class ConfigurationPage extends AppPage {
  async goto() {
    await this.open('/plugins/perflens-insights-app');
    await this.byTestId('perflens-app-config').waitFor();
  }

  exporterToken() {
    return this.page.locator('#perflens-exporter-token');
  }
}
