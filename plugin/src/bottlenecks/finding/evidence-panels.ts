import { type DataFrame, FieldType } from '@grafana/data';
import {
  type CustomTransformOperator,
  PanelBuilders,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
} from '@grafana/scenes';
import { ThresholdsMode } from '@grafana/schema';
import type { Evidence, Finding } from '@perflens/analysis/engine';
import { map } from 'rxjs';
import { AXIS_LABELS, GRAFANA_UNITS } from '../../shared/evidence-values';

/**
 * The engine's evidence queries are batched over every route, statement or page; a frame belongs to the
 * finding when its labels agree with the finding's target on every label they share.
 */
export function framesOfTarget(target: Readonly<Record<string, string>>): CustomTransformOperator {
  return () => (source) =>
    source.pipe(
      map((frames: DataFrame[]) =>
        frames.filter((frame) => {
          const labels = frame.fields.find((field) => field.labels)?.labels ?? {};
          return Object.entries(target).every(([name, value]) => labels[name] === undefined || labels[name] === value);
        })
      )
    );
}

/** A time series panel of one evidence query over the scene's time range, with its threshold as a line. */
export function evidencePanel(evidence: Evidence, finding: Finding, prometheusUid: string) {
  const queries = new SceneQueryRunner({
    datasource: { type: 'prometheus', uid: prometheusUid },
    queries: [{ refId: 'A', expr: evidence.query, range: true, legendFormat: '' }],
    maxDataPoints: 200,
  });
  const builder = PanelBuilders.timeseries()
    .setTitle(evidence.label)
    .setDescription(evidence.query)
    .setUnit(GRAFANA_UNITS[evidence.unit])
    // The unit is in the y ticks (250 ms, 20%), the axis label says what they measure; only the value
    // fields get it, or the time axis would be labelled too.
    .setOverrides((overrides) =>
      overrides.matchFieldsByType(FieldType.number).overrideCustomFieldConfig('axisLabel', AXIS_LABELS[evidence.unit])
    )
    .setData(new SceneDataTransformer({ $data: queries, transformations: [framesOfTarget(finding.target)] }))
    .setOption('legend', { showLegend: false } as never);
  if (evidence.threshold !== undefined) {
    builder
      .setThresholds({
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: evidence.threshold, color: 'red' },
        ],
      })
      .setCustomFieldConfig('thresholdsStyle', { mode: 'line' } as never);
  }
  return builder.build();
}

/** One chart per evidence item that has a query, two to a row. */
export function evidenceLayout(finding: Finding, prometheusUid: string): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'row',
    wrap: 'wrap',
    children: finding.evidence
      .filter((evidence) => evidence.query !== '')
      .map(
        (evidence) =>
          new SceneFlexItem({
            minWidth: 360,
            height: 240,
            body: evidencePanel(evidence, finding, prometheusUid),
          })
      ),
  });
}
