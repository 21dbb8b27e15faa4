import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSloRuleFile } from '../write/slo-rule-file';

const testdata = path.join(__dirname, '../../testdata');
const root = path.join(__dirname, '../..');

// Set UPDATE_GOLDEN=1 to rewrite the golden file after a reviewed change to the generator.
describe('SLO rule generation', () => {
  it('turns the golden SLO file into the reviewed golden rule file', () => {
    const rendered = renderSloRuleFile(path.join(testdata, 'golden.slo.yaml'));
    const goldenFile = path.join(testdata, 'golden.rules.yml');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile, rendered);
    expect(rendered).toBe(readFileSync(goldenFile, 'utf8'));
  });

  it('has committed generated/slo.rules.yml up to date with slo.yaml (run "perflens slo generate")', () => {
    expect(renderSloRuleFile(path.join(root, 'slo.yaml'))).toBe(
      readFileSync(path.join(root, 'generated/slo.rules.yml'), 'utf8'),
    );
  });
});
