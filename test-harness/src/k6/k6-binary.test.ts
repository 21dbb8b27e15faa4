import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { k6MissingReason, locateK6 } from './k6-binary';

describe('locateK6', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-k6-binary-'));
  const bin = path.join(dir, 'bin');
  const k6 = path.join(bin, 'k6');
  const notExecutable = path.join(dir, 'k6-plain');
  beforeAll(() => {
    mkdirSync(bin);
    writeFileSync(k6, '#!/bin/sh\n');
    chmodSync(k6, 0o755);
    writeFileSync(notExecutable, '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers K6_BIN over PATH', () => {
    expect(locateK6({ K6_BIN: k6, PATH: '/nonexistent' })).toEqual({ path: k6, source: 'K6_BIN' });
  });

  it('finds k6 on PATH when K6_BIN is not set', () => {
    expect(locateK6({ PATH: ['/nonexistent', bin].join(path.delimiter) })).toEqual({
      path: k6,
      source: 'PATH',
    });
  });

  it('finds nothing when neither has k6, and says how to get one', () => {
    expect(locateK6({ PATH: dir })).toBeUndefined();
    expect(k6MissingReason()).toMatch(/K6_BIN is not set and no k6 is on PATH/);
  });

  it('refuses a K6_BIN that is not executable instead of running without k6', () => {
    expect(() => locateK6({ K6_BIN: notExecutable })).toThrow(
      `K6_BIN=${notExecutable} is not an executable file`,
    );
  });
});
