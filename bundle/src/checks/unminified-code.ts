import type { CheckMetadata } from '@perflens/analysis';
import { formatBytes } from '../report/bundle-finding';
import type { BundleCheck, BundleFindingDraft } from './bundle-check';
import { MINIFIED_MAX_REMOVABLE_SHARE, removableBytes } from './whitespace-and-comments';

export const unminifiedCodeCheck: CheckMetadata = {
  id: 'frontend.unminified-code',
  layer: 'frontend',
  title: 'JavaScript or CSS not minified',
  whyItMatters:
    'Indentation, line breaks and comments are downloaded and parsed for nothing; Lighthouse audits ' +
    '"Minify JavaScript" and "Minify CSS" for the same reason.',
  scoring:
    'The removable bytes (a lower bound of what a minifier saves): 2 KiB is one point, 200 KiB or more is 100.',
  thresholds: `Files of 1 KiB or more whose indentation, line breaks and comments are ${MINIFIED_MAX_REMOVABLE_SHARE * 100}% or more of their size; needs --dir.`,
  remedy: 'Build for production with minification on (webpack mode: "production", esbuild --minify).',
};

const MIN_FILE_BYTES = 1024;

export const unminifiedCode: BundleCheck = {
  metadata: unminifiedCodeCheck,
  run({ files, model }) {
    if (!files) return [];
    const drafts: BundleFindingDraft[] = [];
    for (const [name, content] of files.files) {
      const kind = name.endsWith('.css') ? 'CSS' : /\.(m|c)?js$/.test(name) ? 'JavaScript' : undefined;
      if (!kind || content.length < MIN_FILE_BYTES) continue;
      const removable = removableBytes(content.toString('utf8'));
      const share = removable / content.length;
      if (share < MINIFIED_MAX_REMOVABLE_SHARE) continue;
      drafts.push({
        target: { file: name },
        severity: 'warning',
        title: `${kind} file ${name} is not minified: ${formatBytes(removable)} of its ${formatBytes(content.length)} is indentation, line breaks and comments`,
        evidence: [
          {
            label: `share of ${name} a minifier removes without renaming`,
            query: `${model.origin} file ${name}`,
            value: Math.round(share * 1000) / 1000,
            unit: 'ratio',
            threshold: MINIFIED_MAX_REMOVABLE_SHARE,
            thresholdSource: 'default',
          },
          {
            label: `size of ${name}`,
            query: `${model.origin} file ${name}`,
            value: content.length,
            unit: 'bytes',
          },
        ],
        action: `Minify ${name} in the production build`,
        savedBytes: removable,
        effort: 'low',
        config:
          kind === 'CSS'
            ? 'esbuild --minify (or css-minimizer-webpack-plugin)'
            : "webpack: mode: 'production' (or esbuild --minify)",
      });
    }
    return drafts;
  },
};
