import { mkdtempSync, mkdirSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';
import { chromiumExecutable, HEADLESS_CHROMIUM_ARGS } from '@perflens/test-harness';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Screenshots CI keeps (plugin/test-results is gitignored and uploaded as an artifact). */
export const SCREENSHOT_DIR = path.join(__dirname, '..', 'test-results', 'screenshots');

export interface HarnessBrowser {
  context: BrowserContext;
  /** A new tab; `pageErrors` collects uncaught errors of every tab. */
  newPage(): Promise<Page>;
  pageErrors: string[];
  close(): Promise<void>;
}

/** One headless Chromium per test file, with a fresh profile and nothing that reaches the network by itself. */
export async function launchHarnessBrowser(): Promise<HarnessBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'perflens-plugin-chromium-'));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    headless: true,
    args: [...HEADLESS_CHROMIUM_ARGS],
    viewport: { width: 1400, height: 1000 },
  });
  const pageErrors: string[] = [];
  return {
    context,
    pageErrors,
    newPage: async () => {
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
