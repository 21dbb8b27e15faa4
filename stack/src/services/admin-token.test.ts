import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_TOKEN_FILE, demoAdminToken } from './admin-token';
import { resetDataDir } from './reset-data-dir';

describe('the demo admin token of perflens up', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-token-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created once, readable by its owner only, and reused on the next start', () => {
    const first = demoAdminToken(dir, {});
    expect(first).toMatchObject({ source: 'created', file: path.join(dir, ADMIN_TOKEN_FILE) });
    expect(first.token).toMatch(/^[\w-]{24}$/);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(demoAdminToken(dir, {})).toEqual({ ...first, source: 'reused' });
  });

  it('tightens a token file others can read, and takes $PERFLENS_DEMO_ADMIN_TOKEN over the file', () => {
    writeFileSync(path.join(dir, ADMIN_TOKEN_FILE), 'kept-token\n', { mode: 0o644 });
    expect(demoAdminToken(dir, {}).token).toBe('kept-token');
    expect(statSync(path.join(dir, ADMIN_TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(demoAdminToken(dir, { PERFLENS_DEMO_ADMIN_TOKEN: 'from-env' })).toEqual({
      token: 'from-env',
      source: 'environment',
    });
    expect(readFileSync(path.join(dir, ADMIN_TOKEN_FILE), 'utf8')).toBe('kept-token\n');
  });

  it('is removed by --reset with the rest of the folder, which refuses a folder holding other files', () => {
    demoAdminToken(dir, {});
    writeFileSync(path.join(dir, 'exporter.yaml'), 'server: {}\n');
    resetDataDir(dir);
    expect(() => statSync(dir)).toThrow(/ENOENT/);

    const other = mkdtempSync(path.join(os.tmpdir(), 'perflens-not-data-'));
    writeFileSync(path.join(other, 'package.json'), '{}');
    expect(() => resetDataDir(other)).toThrow(
      `--reset would delete ${other}, which holds more than perflens up's data (package.json)`,
    );
    expect(statSync(path.join(other, 'package.json')).isFile()).toBe(true);
    rmSync(other, { recursive: true });
  });
});
