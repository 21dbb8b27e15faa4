import { DASHBOARD_UIDS } from '@perflens/conventions';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { allDashboards } from './all-dashboards';
import {
  datasourcesOf,
  grafanaSlug,
  linkUrlsOf,
  panelsOf,
  queriesOf,
  variableNamesOf,
} from './inspect/dashboard-inspection';

const dashboards = allDashboards();
const byUid = new Map(dashboards.map((d) => [d.uid, d]));
const repo = path.resolve(__dirname, '..', '..', '..');
const provisionedDatasources = (
  parse(readFileSync(path.join(repo, 'provisioning/grafana/datasources/perflens.yaml'), 'utf8')) as {
    datasources: Array<{ uid: string; type: string }>;
  }
).datasources;

// Grafana's own variables, available in every dashboard.
const BUILTIN_VARIABLES = new Set(['__rate_interval', '__interval', '__range', '__url_time_range', '__all']);

/**
 * Problems of a /d/<uid>?var-x=... link (conventions' dashboardPath; Grafana adds the slug) or of a
 * /d/<uid>/<slug>?... one: unknown dashboard, wrong slug, variables it lacks.
 */
function linkProblems(url: string): string[] {
  const match = /^\/d\/([^/?]+)(?:\/([^?]+))?(?:\?(.*))?$/.exec(url);
  if (!match) return [`${url}: not a /d/<uid> or /d/<uid>/<slug> link`];
  const [, uid, slug, query] = match;
  const target = byUid.get(uid!);
  if (!target) return [`${url}: no dashboard has uid ${uid}`];
  const problems =
    slug === undefined || slug === grafanaSlug(target.title ?? '')
      ? []
      : [`${url}: slug should be ${grafanaSlug(target.title ?? '')}`];
  for (const param of new URLSearchParams((query ?? '').replace(/\$\{__url_time_range\}/g, '')).keys()) {
    if (param.startsWith('var-') && !variableNamesOf(target).includes(param.slice(4))) {
      problems.push(`${url}: ${uid} has no variable ${param.slice(4)}`);
    }
  }
  return problems;
}

describe('dashboard sanity', () => {
  it('has one dashboard for each of the nine uids that alert rules, findings and the plugin link to', () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual(Object.values(DASHBOARD_UIDS).sort());
    expect(dashboards).toHaveLength(9);
  });

  it.each(dashboards.map((d) => [d.uid!, d] as const))('%s has unique panel ids', (_uid, d) => {
    const ids = (d.panels ?? []).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
  });

  it.each(dashboards.map((d) => [d.uid!, d] as const))(
    '%s refers only to its datasource variable or to provisioned data sources',
    (_uid, d) => {
      const variable = d.templating?.list?.find((v) => v.name === 'datasource');
      expect(variable).toMatchObject({
        type: 'datasource',
        query: 'prometheus',
        current: { value: 'prometheus' },
      });
      const unresolvable = datasourcesOf(d).filter(
        (use) =>
          !(use.uid === '${datasource}' && use.type === 'prometheus') &&
          !provisionedDatasources.some((ds) => ds.uid === use.uid && ds.type === use.type),
      );
      expect(unresolvable).toEqual([]);
      expect(provisionedDatasources.find((ds) => ds.uid === 'prometheus')?.type).toBe('prometheus');
    },
  );

  it.each(dashboards.map((d) => [d.uid!, d] as const))('%s uses only variables it defines', (_uid, d) => {
    const defined = new Set([...variableNamesOf(d), ...BUILTIN_VARIABLES]);
    const texts = [
      ...queriesOf(d).map((q) => q.expr),
      ...linkUrlsOf(d),
      ...(d.templating?.list ?? []).map((v) => JSON.stringify(v.query ?? '')),
    ];
    const used = texts.flatMap((text) => [...text.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]!));
    expect([...new Set(used)].filter((name) => !defined.has(name))).toEqual([]);
  });

  it.each(dashboards.map((d) => [d.uid!, d] as const))(
    '%s has valid links, units and descriptions',
    (_uid, d) => {
      expect(linkUrlsOf(d).flatMap(linkProblems)).toEqual([]);
      const panels = panelsOf(d);
      expect(panels.filter((p) => !p.fieldConfig?.defaults?.unit).map((p) => p.title)).toEqual([]);
      expect(panels.filter((p) => !p.description).map((p) => p.title)).toEqual([]);
      expect(d.links?.[0]).toMatchObject({
        type: 'dashboards',
        tags: ['perflens'],
        includeVars: true,
        keepTime: true,
      });
    },
  );

  it('has unique titles and uids across dashboards', () => {
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    expect(new Set(dashboards.map((d) => d.title)).size).toBe(dashboards.length);
  });

  it('resolves every dashboard link of the alert rules to a dashboard and its variables', () => {
    const rulesDirs = ['alert-rules/rules', 'alert-rules/generated'].map((dir) => path.join(repo, dir));
    const urls = rulesDirs.flatMap((dir) =>
      readdirSync(dir).flatMap((file) =>
        [...readFileSync(path.join(dir, file), 'utf8').matchAll(/dashboard_url: '?([^'\s]+)/g)].map((m) =>
          m[1]!.replace(/\{\{[^}]*\}\}/g, 'x'),
        ),
      ),
    );
    expect(urls.length).toBeGreaterThan(20);
    expect(urls.flatMap(linkProblems)).toEqual([]);
  });
});
