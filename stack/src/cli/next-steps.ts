import path from 'node:path';
import { REPO_ROOT, type StackOptions } from './stack-options';

/** What the next-steps text needs from the started stack. */
export interface NextStepsInput {
  options: StackOptions;
  /** The stack's URLs (demo, prometheus, alertmanager …) as runStack returned them. */
  urls: Record<string, string>;
  /** The demo's admin token (undefined with --target: no demo runs). */
  adminToken?: string | undefined;
  /** The folder commands are printed for (the user's shell: where `npm start` ran). */
  cwd?: string;
}

/** The bottleneck the printed curl switches on: visible in the analysis within minutes at 10 requests/s. */
export const EXAMPLE_BOTTLENECK = 'n-plus-one';

/**
 * The "next steps" `perflens up` prints once everything runs: every line is a command that works as printed
 * from `cwd` (the integration test runs them), so a new user gets from a running stack to a found
 * bottleneck without reading a log file.
 */
export function nextSteps(input: NextStepsInput): string[] {
  const { options, urls } = input;
  const cwd = input.cwd ?? process.cwd();
  const bin = shellWord(relativeOrAbsolute(cwd, path.join(REPO_ROOT, 'bin', 'perflens.js')));
  const sinks = relativeOrAbsolute(cwd, path.join(options.dataDir, 'sinks'));
  const lines = ['next steps:'];
  if (urls.demo !== undefined && input.adminToken !== undefined) {
    const auth = shellWord(`Authorization: Bearer ${input.adminToken}`);
    lines.push(
      `  switch a bottleneck on ('{"enabled":false}' switches it off again):`,
      `    ${switchBottleneckCurl(urls.demo, input.adminToken)}`,
      `  list the bottlenecks and their state:`,
      `    curl -H ${auth} ${urls.demo}/admin/bottlenecks`,
    );
  }
  lines.push(
    `  find the bottleneck from what Prometheus collected (give it a few minutes of traffic):`,
    `    ${analyzeCommand(bin, urls.prometheus!, options.job)}`,
    `  alerts land in ${sinks}/: slack.jsonl, webhook.jsonl and mail.jsonl (Alertmanager: ${urls.alertmanager}):`,
    `    tail -f ${shellWord(sinks)}/*.jsonl`,
    `  the Grafana app's pages without Grafana:`,
    `    ${path.resolve(cwd) === REPO_ROOT ? '' : `cd ${shellWord(REPO_ROOT)} && `}npm run plugin:preview`,
  );
  return lines;
}

/** The curl that switches EXAMPLE_BOTTLENECK on in the demo at `demoUrl`. */
export function switchBottleneckCurl(demoUrl: string, adminToken: string): string {
  return (
    `curl -X PUT -H ${shellWord(`Authorization: Bearer ${adminToken}`)} ` +
    `-H 'Content-Type: application/json' -d '{"enabled":true}' ${demoUrl}/admin/bottlenecks/${EXAMPLE_BOTTLENECK}`
  );
}

/** `perflens analyze` over the last 15 minutes; --fail-on never: a report to read, not a CI gate. */
export function analyzeCommand(bin: string, prometheusUrl: string, job: string): string {
  return `node ${bin} analyze --prometheus ${prometheusUrl} --job ${shellWord(job)} --range 15m --fail-on never`;
}

function relativeOrAbsolute(from: string, to: string): string {
  const relative = path.relative(from, to);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? to : relative;
}

/** Quotes `word` for a POSIX shell when it holds anything but safe characters. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
