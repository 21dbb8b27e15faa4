import {
  sceneGraph,
  type SceneObject,
  SceneObjectBase,
  type SceneObjectState,
  VariableDependencyConfig,
} from '@grafana/scenes';
import type { AnalysisReport, AnalysisScope } from '@perflens/analysis/engine';
import type { AnalysisService } from './analysis-service';
import { JOB_VARIABLE } from './job-variable';

export interface AnalysisRunnerState extends SceneObjectState {
  status: 'loading' | 'done' | 'error';
  report?: AnalysisReport;
  error?: string;
  /** k6 run to judge (Load tests page); the engine then analyses the run's own time window. */
  testid?: string;
  baselineTestid?: string;
}

/**
 * Runs the analysis engine for the scene's time range and service (`$job`) and holds the report; pages put
 * one in their scene's `$behaviors` and their views read it. It reruns when either changes, as panels do.
 */
export class AnalysisRunner extends SceneObjectBase<AnalysisRunnerState> {
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: [JOB_VARIABLE],
    onReferencedVariableValueChanged: () => this.run(),
  });

  private runs = 0;

  constructor(
    readonly service: AnalysisService,
    state: Partial<AnalysisRunnerState> = {}
  ) {
    super({ status: 'loading', ...state });
    this.addActivationHandler(() => {
      const subscription = sceneGraph.getTimeRange(this).subscribeToState(() => this.run());
      this.run();
      return () => subscription.unsubscribe();
    });
  }

  /** The runner of the scene `from` belongs to. */
  static find(from: SceneObject): AnalysisRunner {
    const runner = sceneGraph.findObject(from, (object) => object instanceof AnalysisRunner);
    if (!(runner instanceof AnalysisRunner)) {
      throw new Error('AnalysisRunner missing from the scene');
    }
    return runner;
  }

  /** Picks the k6 run (and baseline) to judge and reruns. */
  setTestRun(testid: string | undefined, baselineTestid: string | undefined) {
    this.setState({ testid, baselineTestid });
    this.run();
  }

  /** The scope the current time range, `$job` and test run select. */
  scope(): AnalysisScope {
    const range = sceneGraph.getTimeRange(this).state.value;
    const endSeconds = Math.floor(range.to.valueOf() / 1000);
    const { testid, baselineTestid } = this.state;
    return {
      job: sceneGraph.interpolate(this, `\${${JOB_VARIABLE}}`),
      endSeconds,
      rangeSeconds: Math.max(60, endSeconds - Math.floor(range.from.valueOf() / 1000)),
      ...(testid ? { testid } : {}),
      ...(testid && baselineTestid ? { baselineTestid } : {}),
    };
  }

  async run() {
    const run = ++this.runs;
    this.setState({ status: 'loading', error: undefined });
    try {
      const report = await this.service.analyze(this.scope());
      if (run === this.runs) {
        this.setState({ status: 'done', report });
      }
    } catch (error) {
      if (run === this.runs) {
        this.setState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
