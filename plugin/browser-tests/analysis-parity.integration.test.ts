/**
 * @jest-environment node
 */
import { request } from 'node:http';
import path from 'node:path';
import { Observable } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { type AnalysisReport, loadSloInput, runAnalyze } from '@perflens/analysis';
import {
  backfillTsdb,
  healthyProfile,
  JOB,
  OpenMetricsWriter,
  type PrometheusInstance,
  startBackfilledPrometheus,
  writeServiceProfile,
} from '@perflens/test-harness';
import { provisionedAppSettings } from '../harness/provisioned-app-settings';
import { analysisScope } from '../src/shared/analysis-scope';
import { createAnalysisService } from '../src/shared/analysis-service';
import { readAppSettings } from '../src/shared/app-settings';

/**
 * One source of truth for thresholds: `perflens analyze` (reading alert-rules/slo.yaml) and the app (reading
 * its provisioned jsonData, generated from that file) must judge the same Prometheus data alike. The app's
 * side runs exactly as the pages do: jsonData → readAppSettings → createAnalysisService → the Grafana data
 * source client, whose requests a stand-in BackendSrv sends to the real Prometheus as Grafana's proxy would.
 */
const SLO_FILE = path.join(__dirname, '..', '..', 'alert-rules', 'slo.yaml');

/** 40 minutes from 2023-11-15T00:00:00Z (a TSDB block boundary); the last 30 are analysed. */
const START_SECONDS = 1_700_006_400;
const END_SECONDS = START_SECONDS + 2400;
const RANGE = { from: (END_SECONDS - 1800) * 1000, to: END_SECONDS * 1000 };

/**
 * Routes whose severity depends on which thresholds apply: 300 ms requests break the SLO file's 250 ms but not
 * the engine's default 500 ms; 600 ms checkouts break that default but not the checkout SLO's 1 s.
 */
function parityScenario(): string {
  const profile = healthyProfile();
  Object.assign(profile.routes[0]!, { slowShare: 0.2, slowSeconds: 0.3 });
  Object.assign(profile.routes[1]!, { slowShare: 0.1, slowSeconds: 0.6 });
  const writer = new OpenMetricsWriter(15);
  writeServiceProfile(writer, [START_SECONDS, END_SECONDS], profile);
  return writer.render();
}

let prometheus: PrometheusInstance;
let removeBackfill: () => void;

beforeAll(async () => {
  const backfill = backfillTsdb(parityScenario());
  removeBackfill = backfill.remove;
  prometheus = await startBackfilledPrometheus(backfill.blocksDir);
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  removeBackfill?.();
}, 60_000);

/** Grafana's data source proxy for the one Prometheus data source: the same path, answered by Prometheus. */
function prometheusProxyBackendSrv(prometheusUid: string, prometheusUrl: string): BackendSrv {
  const prefix = `/api/datasources/proxy/uid/${encodeURIComponent(prometheusUid)}/`;
  const fetchRequest = <T>(options: BackendSrvRequest) =>
    new Observable<FetchResponse<T>>((subscriber) => {
      if (!options.url.startsWith(prefix)) {
        subscriber.error({ status: 404, statusText: `no data source at ${options.url}`, data: {} });
        return;
      }
      const outgoing = request(
        `${prometheusUrl}/${options.url.slice(prefix.length)}`,
        { method: options.method ?? 'GET', headers: options.headers as Record<string, string> },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const result = { data: JSON.parse(text) as T, status, ok: status < 300, config: options };
            if (result.ok) {
              subscriber.next(result as unknown as FetchResponse<T>);
              subscriber.complete();
            } else {
              subscriber.error({ ...result, statusText: response.statusMessage });
            }
          });
        }
      );
      outgoing.on('error', (error) => subscriber.error({ status: 0, statusText: String(error), data: {} }));
      outgoing.end(options.data as string | undefined);
    });
  return { fetch: fetchRequest } as unknown as BackendSrv;
}

const SLOWER_THAN_SLO = 'api.route-slower-than-slo';
const PRODUCTS = `http_request_method=GET,http_route=/api/products,job=${JOB}`;
const ORDERS = `http_request_method=POST,http_route=/api/orders,job=${JOB}`;

type Judgement = Array<{ id: string; severity: string; title: string }>;

const judgement = (report: Pick<AnalysisReport, 'findings'>): Judgement =>
  report.findings.map(({ id, severity, title }) => ({ id, severity, title }));

async function cliJudgement(): Promise<Judgement> {
  let output = '';
  const outcome = await runAnalyze(
    {
      prometheus: prometheus.url,
      from: String(RANGE.from / 1000),
      to: String(RANGE.to / 1000),
      format: 'json',
      failOn: 'never',
      slo: SLO_FILE,
    },
    (text) => (output += text)
  );
  expect(outcome).toEqual({ exitCode: 0 });
  return judgement(JSON.parse(output) as AnalysisReport);
}

async function appJudgement(jsonData: object): Promise<Judgement> {
  const settings = readAppSettings(jsonData);
  const service = createAnalysisService(settings, prometheusProxyBackendSrv(settings.prometheusUid, prometheus.url));
  // The job picker starts on the first configured job, as the pages' `$job` variable does.
  return judgement(await service.analyze(analysisScope(settings.jobs[0]!, RANGE.from, RANGE.to)));
}

describe('the CLI and the app on the same Prometheus data', () => {
  it('are given the same SLO objectives: the provisioned jsonData holds what the CLI reads from the file', async () => {
    const { slos } = await loadSloInput({ slo: SLO_FILE });
    expect(provisionedAppSettings().sloObjectives).toEqual(slos);
  });

  it('report the same findings with the same severities and titles', async () => {
    const [cli, app] = await Promise.all([cliJudgement(), appJudgement(provisionedAppSettings())]);
    expect(app).toEqual(cli);
    // The comparison means something: the SLO file's 250 ms makes the 300 ms route critical, and the checkout
    // SLO's 1 s leaves the 600 ms checkouts alone.
    expect(cli.map((f) => [f.id, f.severity])).toEqual([[`${SLOWER_THAN_SLO}/${PRODUCTS}`, 'critical']]);
  });

  it('would disagree without the provisioned SLO objectives (what the app did before)', async () => {
    const withoutSlos = { ...provisionedAppSettings(), sloObjectives: undefined };
    const [cli, app] = await Promise.all([cliJudgement(), appJudgement(withoutSlos)]);
    expect(app).not.toEqual(cli);
    // The symptom: the engine's default 500 ms misses the products route and flags the checkouts.
    expect(app.map((f) => [f.id, f.severity])).toEqual([[`${SLOWER_THAN_SLO}/${ORDERS}`, 'warning']]);
  });
});
