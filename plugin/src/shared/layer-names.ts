import type { Layer } from '@perflens/analysis/engine';

/** How the pages name the engine's layers. */
export const LAYER_NAMES: Record<Layer, string> = {
  frontend: 'Frontend',
  api: 'API',
  runtime: 'Node.js runtime',
  'db-client': 'Database client',
  postgres: 'PostgreSQL',
  host: 'Host',
  'load-test': 'Load tests',
};
