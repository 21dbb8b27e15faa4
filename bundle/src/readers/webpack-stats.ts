import { z } from 'zod';
import { type BundleModel, type BundleModule, type OutputFile, outputKind } from '../model/bundle-model';
import { packageOfPath } from '../model/package-of-path';
import { BundleInputError } from './bundle-input-error';

const chunkId = z.union([z.string(), z.number()]);

/** A module as `stats.toJson()` writes it; concatenated modules list their parts in `modules`. */
interface StatsModule {
  name?: string;
  identifier?: string;
  size?: number;
  chunks?: Array<string | number>;
  moduleType?: string;
  providedExports?: string[] | null;
  usedExports?: string[] | boolean | null;
  modules?: StatsModule[];
}
const statsModule: z.ZodType<StatsModule> = z.lazy(() =>
  z.object({
    name: z.string().optional(),
    identifier: z.string().optional(),
    size: z.number().optional(),
    chunks: z.array(chunkId).optional(),
    moduleType: z.string().optional(),
    providedExports: z.array(z.string()).nullable().optional(),
    usedExports: z
      .union([z.array(z.string()), z.boolean()])
      .nullable()
      .optional(),
    modules: z.array(statsModule).optional(),
  }),
);

// The parts of webpack's stats JSON (https://webpack.js.org/api/stats/) this reader needs: `stats.toJson()`
// or `webpack --json` with assets, chunks, modules and entrypoints (the default "normal" preset has them).
const webpackStats = z.object({
  assets: z.array(z.object({ name: z.string(), size: z.number() })),
  chunks: z.array(z.object({ id: chunkId, files: z.array(z.string()), initial: z.boolean().optional() })),
  modules: z.array(statsModule),
  entrypoints: z.record(
    z.string(),
    z.object({
      // webpack 5 lists assets as objects, webpack 4 as names.
      assets: z.array(z.union([z.string(), z.object({ name: z.string() })])),
    }),
  ),
});

/** Whether parsed JSON looks like webpack stats rather than an esbuild metafile. */
export function isWebpackStats(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'entrypoints' in json && 'chunks' in json;
}

/**
 * Reads webpack's stats JSON. Module paths are relative to webpack's `context`, which `root` must be for the
 * package versions to be read from node_modules/<package>/package.json.
 */
export function readWebpackStats(json: unknown, origin: string, root: string): BundleModel {
  const parsed = webpackStats.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleInputError(
      `${origin} is not webpack stats JSON with assets, chunks, modules and entrypoints: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const stats = parsed.data;
  const filesOfChunk = new Map(stats.chunks.map((chunk) => [String(chunk.id), chunk.files]));
  const outputs = new Map<string, OutputFile>(
    stats.assets.map((asset) => [
      asset.name,
      { name: asset.name, kind: outputKind(asset.name), sizeBytes: asset.size, modules: [] },
    ]),
  );
  const versions = new Map<string, string>();
  for (const module of stats.modules.flatMap(leafModules)) {
    if (!module.name || module.moduleType === 'runtime') continue;
    const modulePath = resourcePath(module.name);
    const pkg = packageOfPath(modulePath, root, versions);
    const entry: BundleModule = {
      path: modulePath,
      sizeBytes: module.size ?? 0,
      ...(pkg ? { package: pkg } : {}),
      ...exportsUsage(module),
    };
    // A module shared by several chunks ships in each of their JavaScript files.
    for (const chunk of module.chunks ?? []) {
      const file = (filesOfChunk.get(String(chunk)) ?? []).find((name) => outputKind(name) === 'js');
      if (file) outputs.get(file)?.modules.push(entry);
    }
  }
  const entries = Object.entries(stats.entrypoints).map(([name, entrypoint]) => ({
    name,
    initialFiles: entrypoint.assets
      .map((asset) => (typeof asset === 'string' ? asset : asset.name))
      .filter((file) => outputKind(file) !== 'map'),
  }));
  return { source: 'webpack-stats', origin, entries, outputs: [...outputs.values()] };
}

/** A concatenated module's parts carry the chunks of the whole. */
function leafModules(module: StatsModule): StatsModule[] {
  if (!module.modules || module.modules.length === 0) return [module];
  return module.modules.map((inner) => ({ ...inner, chunks: inner.chunks ?? module.chunks ?? [] }));
}

/** `./node_modules/x/index.js`, without loader prefixes (`babel-loader!./src/a.js`) or a leading `./`. */
function resourcePath(name: string): string {
  const afterLoaders = name.slice(name.lastIndexOf('!') + 1);
  return afterLoaders.replace(/^(\.\/)+/, '').replace(/ \+ \d+ modules?$/, '');
}

function exportsUsage(module: StatsModule): Pick<BundleModule, 'exports'> {
  if (!Array.isArray(module.providedExports) || module.providedExports.length === 0) return {};
  const provided = module.providedExports.length;
  if (module.usedExports === true || module.usedExports === null || module.usedExports === undefined)
    return {};
  const used = module.usedExports === false ? 0 : module.usedExports.length;
  return { exports: { provided, used } };
}
