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

  /** What each evidence chart's y axis shows, as the panel draws it: its label and its Grafana unit. */
  async chartAxes(): Promise<Array<{ label: string; unit: string }>> {
    return this.byTestId('perflens-evidence-charts')
      .getByTestId('harness-timeseries')
      .evaluateAll((charts) =>
        charts.map((chart) => ({
          label: chart.getAttribute('data-axis-label') ?? '',
          unit: chart.getAttribute('data-unit') ?? '',
        }))
      );
  }

  /** Charts whose drawing reaches past their panel or the window: their axes would be cut off. */
  async clippedCharts(): Promise<number> {
    return this.byTestId('perflens-evidence-charts')
      .getByTestId('harness-timeseries')
      .evaluateAll(
        (charts) =>
          charts.filter((chart) => {
            const canvas = chart.querySelector('canvas')?.getBoundingClientRect();
            const panel =
              chart.closest('section')?.getBoundingClientRect() ?? chart.parentElement!.getBoundingClientRect();
            return (
              !canvas ||
              canvas.left < panel.left ||
              canvas.right > panel.right ||
              canvas.bottom > panel.bottom ||
              canvas.right > document.documentElement.clientWidth
            );
          }).length
      );
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
