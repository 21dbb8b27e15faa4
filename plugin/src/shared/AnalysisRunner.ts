import {
  sceneGraph,
  type SceneObject,
  SceneObjectBase,
  type SceneObjectState,
  VariableDependencyConfig,
} from '@grafana/scenes';
import type { AnalysisReport, AnalysisScope } from '@perflens/analysis/engine';
import { analysisScope } from './analysis-scope';
import type { AnalysisService } from './analysis-service';
import { JOB_VARIABLE } from './job-variable';

export interface AnalysisRunnerState extends SceneObjectState {
  status: 'loading' | 'done' | 'error';
  report?: AnalysisReport;
  /** The job had no series at all in the range (not judged for a k6 run, which has its own window). */
  noData?: boolean;
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
    const job = sceneGraph.interpolate(this, `\${${JOB_VARIABLE}}`);
    return analysisScope(job, range.from.valueOf(), range.to.valueOf(), this.state);
  }

  async run() {
    const run = ++this.runs;
    this.setState({ status: 'loading', error: undefined });
    try {
      const scope = this.scope();
      const [report, hasData] = await Promise.all([
        this.service.analyze(scope),
        // A failed presence check must not hide a report: the report (or its error) says what is known.
        scope.testid ? true : this.service.jobHasData(scope).catch(() => true),
      ]);
      if (run === this.runs) {
        this.setState({ status: 'done', report, noData: !hasData });
      }
    } catch (error) {
      if (run === this.runs) {
        this.setState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
