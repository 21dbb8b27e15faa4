import type { Finding, Severity } from '../findings/finding';
import {
  type AnalyzeFlags,
  exitCodeFor,
  parseFailOn,
  parseFormat,
  parsePrometheusUrl,
  parseWindow,
} from './analyze-options';

const flags = (extra: Partial<AnalyzeFlags>): AnalyzeFlags => ({
  prometheus: 'http://localhost:9090',
  format: 'table',
  failOn: 'critical',
  ...extra,
});
const NOW = 1_704_067_200;

describe('the analysed window', () => {
  it.each([
    ['defaults to the last 15 minutes', {}, { endSeconds: NOW, rangeSeconds: 900, rangeFromTest: false }],
    [
      'takes --range back from now',
      { range: '2h' },
      { endSeconds: NOW, rangeSeconds: 7200, rangeFromTest: false },
    ],
    [
      'takes --from and --to in RFC 3339',
      { from: '2024-01-01T00:00:00Z', to: '2024-01-01T01:00:00Z' },
      { endSeconds: NOW + 3600, rangeSeconds: 3600, rangeFromTest: false },
    ],
    [
      'takes --from and --to in unix seconds',
      { from: '1704063600', to: '1704067200' },
      { endSeconds: NOW, rangeSeconds: 3600, rangeFromTest: false },
    ],
    [
      'uses the k6 run’s own window for --testid alone',
      { testid: 'run-1' },
      { endSeconds: NOW, rangeSeconds: 900, rangeFromTest: true },
    ],
    [
      'keeps an explicit --range with --testid',
      { testid: 'run-1', range: '1h' },
      { endSeconds: NOW, rangeSeconds: 3600, rangeFromTest: false },
    ],
  ])('%s', (_title, extra, expected) => {
    expect(parseWindow(flags(extra), NOW)).toEqual(expected);
  });

  it.each([
    [
      'a range that is not a duration',
      { range: '15 minutes' },
      '--range must be a duration such as 15m, 1h or 2d, got "15 minutes"',
    ],
    [
      '--range with --from',
      { range: '1h', from: '1', to: '2' },
      'use either --range or --from/--to, not both',
    ],
    ['--from without --to', { from: '1704063600' }, '--from and --to go together'],
    ['--to before --from', { from: '1704067200', to: '1704063600' }, '--to must be after --from'],
    [
      'a time that is neither',
      { from: 'yesterday', to: '1704063600' },
      '--from must be an RFC 3339 time (2024-01-01T12:00:00Z) or unix seconds, got "yesterday"',
    ],
  ])('rejects %s', (_title, extra, message) => {
    expect(() => parseWindow(flags(extra), NOW)).toThrow(message);
  });
});

describe('flag values', () => {
  it.each([
    [
      '--format',
      () => parseFormat('html'),
      '--format must be one of table, markdown, json, junit, got "html"',
    ],
    [
      '--fail-on',
      () => parseFailOn('error'),
      '--fail-on must be one of critical, warning, info, never, got "error"',
    ],
    [
      '--prometheus that is not a URL',
      () => parsePrometheusUrl('localhost:9090'),
      '--prometheus must be an http(s) URL, got "localhost:9090"',
    ],
    [
      '--prometheus without a scheme',
      () => parsePrometheusUrl('prometheus'),
      '--prometheus must be a URL such as http://localhost:9090, got "prometheus"',
    ],
  ])('rejects a bad %s', (_title, parse, message) => {
    expect(parse).toThrow(message);
  });
});

describe('exit codes', () => {
  const finding = (severity: Severity) => ({ severity }) as Finding;
  it.each([
    ['0 without findings', [], 'critical', 0],
    ['1 with a critical finding and --fail-on critical', [finding('critical')], 'critical', 1],
    ['0 with only warnings and --fail-on critical', [finding('warning')], 'critical', 0],
    ['1 with a warning and --fail-on warning', [finding('warning')], 'warning', 1],
    ['0 with a critical finding and --fail-on never', [finding('critical')], 'never', 0],
  ] as const)('%s', (_title, findings, failOn, code) => {
    expect(exitCodeFor(findings, failOn)).toBe(code);
  });
});
