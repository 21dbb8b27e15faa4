import { DASHBOARD_UIDS } from '@perflens/conventions';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RUNBOOK_BASE_URL } from '../generate/generate-slo-rules';
import { allRules, isAlertingRule, ruleFilePaths } from './rule-file-paths';

/** Prometheus' `runbooks_url` external label, or the exporter on localhost, then the page. */
const RUNBOOK_PREFIX = DEFAULT_RUNBOOK_BASE_URL;
/** What the SLO burn alerts add for the on-call engineer: the routes to look at and the analysis to run. */
const BURN_ANNOTATIONS = ['analyze_command', 'top_routes'];
const RUNBOOK_DIR = path.join(__dirname, '../../../docs/runbooks');
const PREFIXES = /^(Api|Nodejs|DbClient|Postgres|Host|WebVitals|Perflens|Slo)[A-Z][A-Za-z0-9]*$/;
/** `/d/<uid>` (conventions' dashboardPath) or `/d/<uid>/<slug>`, then the query. */
const DASHBOARD_LINK = /^\/d\/([a-z0-9-]+)(?:\/[a-z0-9-]+)?\?/;

const rules = allRules(ruleFilePaths());
const alerts = rules.filter(isAlertingRule).map((rule) => ({ name: rule.alert, rule }));
const records = rules.flatMap((rule) => (isAlertingRule(rule) ? [] : [rule.record]));

describe('rule conventions', () => {
  it.each(alerts)('$name has a layer prefix, a severity and the four annotations', ({ name, rule }) => {
    expect(name).toMatch(PREFIXES);
    expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
    expect(
      Object.keys(rule.annotations)
        .filter((key) => !BURN_ANNOTATIONS.includes(key))
        .sort(),
    ).toEqual(['dashboard_url', 'description', 'runbook_url', 'summary']);
    expect(rule.annotations.summary).toMatch(/\.$/);
    expect(rule.annotations.description).toContain('{{ $value');
    const uid = DASHBOARD_LINK.exec(rule.annotations.dashboard_url ?? '')?.[1];
    expect(Object.values(DASHBOARD_UIDS)).toContain(uid);
  });

  it.each(alerts)('$name links to a runbook page that exists in docs/runbooks/', ({ rule }) => {
    const url = rule.annotations.runbook_url ?? '';
    expect(url.startsWith(RUNBOOK_PREFIX)).toBe(true);
    expect(existsSync(path.join(RUNBOOK_DIR, url.slice(RUNBOOK_PREFIX.length)))).toBe(true);
  });

  it('names every recording rule level:metric:operations', () => {
    expect(records.filter((name) => !/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/.test(name))).toEqual([]);
  });
});
