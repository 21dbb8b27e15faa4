import { allDashboards } from './all-dashboards';
import { sloThresholds } from './kit/slo-thresholds';

interface PanelJson {
  title: string;
  panels?: PanelJson[];
  fieldConfig?: {
    defaults?: { unit?: string; thresholds?: { steps: Array<{ value: number | null; color: string }> } };
  };
}

/** Dashboard uid and panel title → the value of its red step, for every request-latency panel (unit `s`). */
function requestLatencyLines(
  dashboards: ReturnType<typeof allDashboards>,
): Record<string, number | undefined> {
  const lines: Record<string, number | undefined> = {};
  const walk = (uid: string, panels: PanelJson[]) => {
    for (const panel of panels) {
      walk(uid, panel.panels ?? []);
      const defaults = panel.fieldConfig?.defaults;
      const red = defaults?.thresholds?.steps.find((step) => step.color === 'red');
      if (defaults?.unit === 's' && red && uid !== 'perflens-nodejs' && uid !== 'perflens-web-vitals') {
        lines[`${uid}: ${panel.title}`] = red.value ?? undefined;
      }
    }
  };
  for (const dashboard of JSON.parse(JSON.stringify(dashboards)) as Array<{
    uid: string;
    panels: PanelJson[];
  }>) {
    walk(dashboard.uid, dashboard.panels);
  }
  return lines;
}

describe("dashboards' latency threshold lines", () => {
  const panels = [
    'perflens-api: Latency percentiles',
    'perflens-load-tests: Request duration p99 and p95',
    'perflens-slo: p99 latency',
    'perflens-slo: p95 latency per route',
  ];

  it("sit at the SLO file's latency threshold (alert-rules/slo.yaml: 250 ms), as the app's analysis does", () => {
    expect(sloThresholds().latencySeconds).toBe(0.25);
    expect(requestLatencyLines(allDashboards())).toEqual(Object.fromEntries(panels.map((p) => [p, 0.25])));
  });

  it('move with the SLO file', () => {
    const lines = requestLatencyLines(allDashboards({ ...sloThresholds(), latencySeconds: 0.5 }));
    expect(lines).toEqual(Object.fromEntries(panels.map((p) => [p, 0.5])));
  });
});
