import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHECK_CATALOGUE } from '../checks/check-catalogue';
import { CATALOGUE_BEGIN, CATALOGUE_END, checkCatalogueMarkdown } from './check-catalogue-markdown';

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'analysis.md');

describe('docs/analysis.md', () => {
  it('lists every check as its metadata says (UPDATE_GOLDEN=1 regenerates the section)', () => {
    const text = readFileSync(DOC, 'utf8');
    const begin = text.indexOf(CATALOGUE_BEGIN);
    const end = text.indexOf(CATALOGUE_END) + CATALOGUE_END.length;
    const expected = checkCatalogueMarkdown(CHECK_CATALOGUE);
    if (process.env.UPDATE_GOLDEN === '1')
      writeFileSync(DOC, text.slice(0, begin) + expected + text.slice(end));
    expect(readFileSync(DOC, 'utf8').slice(begin, begin + expected.length)).toBe(expected);
  });

  it('has one section per check id, which is the anchor runbook links point to', () => {
    const headings = [...readFileSync(DOC, 'utf8').matchAll(/^### ([a-z-]+\.[a-z-]+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(CHECK_CATALOGUE.map((c) => c.id));
  });
});
