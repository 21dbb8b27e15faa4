import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderConfig, type ServiceConfig, writeConfigFiles } from './config-files';

const where = { port: 9091, dir: '/tmp/example' };

describe('service configuration files', () => {
  it.each<[string, ServiceConfig, string[], string]>([
    ['uses YAML text verbatim', 'global: {}\n', ['a.yml'], 'global: {}\n'],
    [
      'serializes an object to YAML',
      { global: { scrape_interval: '1s' } },
      [],
      'global:\n  scrape_interval: 1s\n',
    ],
    [
      'lists companion files in an object without the key',
      { global: {} },
      ['a.yml'],
      'global: {}\nrule_files:\n  - a.yml\n',
    ],
    ['keeps an explicit list', { rule_files: ['b.yml'] }, ['a.yml'], 'rule_files:\n  - b.yml\n'],
    [
      'calls a function with the port and folder',
      ({ port }) => ({
        scrape_configs: [{ job_name: 'self', static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
      }),
      [],
      'scrape_configs:\n  - job_name: self\n    static_configs:\n      - targets:\n          - 127.0.0.1:9091\n',
    ],
  ])('renderConfig %s', (_title, config, companions, expected) => {
    expect(renderConfig(config, where, 'rule_files', companions)).toBe(expected);
  });

  it('writes the config and its companions side by side', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-config-test-'));
    try {
      const file = writeConfigFiles(dir, 'prometheus.yml', 'rule_files: [a.yml]\n', {
        'a.yml': 'groups: []\n',
      });
      expect(file).toBe(path.join(dir, 'prometheus.yml'));
      expect(readdirSync(dir).sort()).toEqual(['a.yml', 'prometheus.yml']);
      expect(readFileSync(path.join(dir, 'a.yml'), 'utf8')).toBe('groups: []\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it.each([
    ['a folder', '../escape.yml'],
    ['the config file itself', 'prometheus.yml'],
  ])('rejects a companion file name that is %s', (_title, name) => {
    expect(() => writeConfigFiles('/nonexistent', 'prometheus.yml', '', { [name]: '' })).toThrow(
      `companion file name must be a plain file name other than prometheus.yml: ${name}`,
    );
  });
});
