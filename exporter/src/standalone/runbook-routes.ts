import express, { type Router } from 'express';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * docs/runbooks/ of this checkout: from src/standalone/ and from dist/standalone/ alike, three folders up.
 * The alert rules link their runbooks here (`runbooks_url`, alert-rules/README.md), so a notification's
 * runbook link opens the runbook of the version that is running, with no internet access needed.
 */
export const RUNBOOK_DIR = path.resolve(__dirname, '../../../docs/runbooks');

/** Runbook file names: lowercase words and dashes, `.md`; anything else (`..`, slashes) is no runbook. */
const RUNBOOK_NAME = /^[a-z0-9][a-z0-9-]*\.md$/;

/**
 * GET /runbooks/ lists the runbooks, GET /runbooks/<name>.md answers one as UTF-8 text (browsers show
 * Markdown sources as text; `text/markdown` would be downloaded). Unknown names get a 404.
 */
export function runbookRoutes(dir: string = RUNBOOK_DIR): Router {
  const router = express.Router();
  const names = (): string[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => RUNBOOK_NAME.test(name))
          .sort()
      : [];
  router.get('/runbooks/', (_req, res) => {
    res.type('text/plain; charset=utf-8').send(`Perflens runbooks\n${names().join('\n')}\n`);
  });
  router.get('/runbooks/:name', (req, res) => {
    const { name } = req.params;
    if (!RUNBOOK_NAME.test(name) || !names().includes(name)) {
      res.status(404).type('text/plain').send(`no runbook ${name} in ${dir}\n`);
      return;
    }
    res.type('text/plain; charset=utf-8').send(readFileSync(path.join(dir, name), 'utf8'));
  });
  return router;
}
