import type { CheckMetadata } from '@perflens/analysis';
import { formatBytes } from '../report/bundle-finding';
import type { BundleCheck } from './bundle-check';

export const shippedSourceMapsCheck: CheckMetadata = {
  id: 'frontend.shipped-source-maps',
  layer: 'frontend',
  title: 'Source maps shipped to production',
  whyItMatters:
    'Deployed .map files publish the original source (comments, internal names, sometimes secrets in ' +
    'config), and a `sourceMappingURL` comment makes every open devtools download them.',
  scoring: 'The bytes of the maps: 2 KiB is one point, 200 KiB or more is 100.',
  thresholds: 'Any .map file among the built files; allowSourceMaps: true in the budget file accepts them.',
  remedy:
    'Upload the maps to the error tracker and leave them out of the deployment (webpack devtool: ' +
    '"hidden-source-map", esbuild sourcemap: "external").',
};

export const shippedSourceMaps: BundleCheck = {
  metadata: shippedSourceMapsCheck,
  run({ files, model, budget }) {
    if (budget.allowSourceMaps) return [];
    const maps = files
      ? [...files.files]
          .filter(([name]) => name.endsWith('.map'))
          .map(([name, content]) => ({ name, bytes: content.length }))
      : model.outputs
          .filter((output) => output.kind === 'map')
          .map((output) => ({ name: output.name, bytes: output.sizeBytes }));
    if (maps.length === 0) return [];
    const bytes = maps.reduce((sum, map) => sum + map.bytes, 0);
    return [
      {
        target: { output: model.origin },
        severity: 'warning',
        title: `${maps.length} source map${maps.length > 1 ? 's' : ''} (${formatBytes(bytes)}) would be deployed with the bundle: ${maps
          .slice(0, 3)
          .map((map) => map.name)
          .join(', ')}${maps.length > 3 ? ', …' : ''}`,
        evidence: [
          {
            label: 'source map files',
            query: `${model.origin} *.map`,
            value: maps.length,
            unit: 'count',
            threshold: 0,
            thresholdSource: 'default',
          },
          { label: 'bytes of source maps', query: `${model.origin} *.map`, value: bytes, unit: 'bytes' },
        ],
        action:
          'Keep the source maps out of the deployed files: build them hidden and upload them to the error tracker only',
        savedBytes: bytes,
        effort: 'low',
        config: "webpack: devtool: 'hidden-source-map'; esbuild: sourcemap: 'external'",
      },
    ];
  },
};
