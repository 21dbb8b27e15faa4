import { AppPage, RANGE_PARAMS } from './app-page';

export class FindingPage extends AppPage {
  async goto(findingId: string, role?: 'Viewer' | 'Editor') {
    await this.open(
      `/a/perflens-insights-app/bottlenecks/finding/${encodeURIComponent(findingId)}?${RANGE_PARAMS}`,
      role
    );
    await this.analysed();
  }

  title() {
    return this.byTestId('perflens-finding-title');
  }

  /** The uPlot canvases of the evidence charts, once Prometheus' range queries answered. */
  chartCanvases() {
    return this.byTestId('perflens-evidence-charts').locator('canvas');
  }

  scoreExplanation() {
    return this.byTestId('perflens-score-explanation');
  }

  causeChain() {
    return this.byTestId('perflens-cause-chain');
  }

  acknowledgeSection() {
    return this.byTestId('perflens-acknowledge');
  }

  silenceButton() {
    return this.acknowledgeSection().getByRole('button', { name: /^Silence / });
  }

  async acknowledge(comment: string) {
    await this.page.getByLabel('Comment').fill(comment);
    await this.silenceButton().click();
  }
}
