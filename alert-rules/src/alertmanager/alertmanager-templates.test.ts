import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALERTMANAGER_TEMPLATES } from './alertmanager-paths';
import { amtool } from './amtool';

const testdata = path.join(__dirname, '../../testdata/alertmanager');
const TEMPLATES = [
  'title',
  'dashboard_url',
  'silence_url',
  'slack.color',
  'slack.text',
  'email.text',
  'email.html',
];

async function renderAll(dataFile: string): Promise<string> {
  const parts: string[] = [];
  for (const name of TEMPLATES) {
    const result = await amtool(
      'template',
      'render',
      `--template.glob=${ALERTMANAGER_TEMPLATES}`,
      `--template.data=${dataFile}`,
      `--template.text={{ template "perflens.${name}" . }}`,
    );
    expect(result.stderr).toBe('');
    parts.push(`== perflens.${name}\n${result.stdout}\n`);
  }
  return parts.join('');
}

// The snapshots are reviewed text files; UPDATE_GOLDEN=1 rewrites them after a reviewed template change.
describe('Alertmanager templates', () => {
  it.each([
    {
      title: 'a firing SLO page shows summary, value, runbook, dashboard and silence link',
      data: 'slo-page-firing',
    },
    {
      title: 'a resolved group of two warnings lists both and marks them resolved',
      data: 'host-disk-resolved',
    },
  ])('$title', async ({ data }) => {
    const rendered = await renderAll(path.join(testdata, `${data}.json`));
    const golden = path.join(testdata, `${data}.rendered.txt`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, rendered);
    expect(rendered).toBe(readFileSync(golden, 'utf8'));
  });
});
