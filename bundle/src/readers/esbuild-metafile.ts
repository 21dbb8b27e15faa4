import path from 'node:path';
import { z } from 'zod';
import { type BundleModel, type OutputFile, outputKind } from '../model/bundle-model';
import { packageOfPath } from '../model/package-of-path';
import { BundleInputError } from './bundle-input-error';

// esbuild's metafile (https://esbuild.github.io/api/#metafile): paths are relative to the working directory
// of the build, which `root` must be for package versions to be read.
const metafile = z.object({
  inputs: z.record(z.string(), z.object({ bytes: z.number(), format: z.enum(['esm', 'cjs']).optional() })),
  outputs: z.record(
    z.string(),
    z.object({
      bytes: z.number(),
      inputs: z.record(z.string(), z.object({ bytesInOutput: z.number() })),
      imports: z.array(z.object({ path: z.string(), kind: z.string() })).default([]),
      entryPoint: z.string().optional(),
      cssBundle: z.string().optional(),
    }),
  ),
});

/** Whether parsed JSON looks like an esbuild metafile. */
export function isEsbuildMetafile(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'inputs' in json && 'outputs' in json;
}

/**
 * Reads an esbuild metafile. Output names become relative to the folder all outputs share (esbuild's
 * outdir), so they match the files under `--dir`.
 */
export function readEsbuildMetafile(json: unknown, origin: string, root: string): BundleModel {
  const parsed = metafile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleInputError(
      `${origin} is not an esbuild metafile (inputs and outputs): ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const { inputs, outputs } = parsed.data;
  const outdir = commonDirectory(Object.keys(outputs));
  const relative = (file: string) => path.posix.relative(outdir, file);
  const versions = new Map<string, string>();
  const files: OutputFile[] = Object.entries(outputs).map(([name, output]) => ({
    name: relative(name),
    kind: outputKind(name),
    sizeBytes: output.bytes,
    modules: Object.entries(output.inputs).map(([input, { bytesInOutput }]) => {
      const pkg = packageOfPath(input, root, versions);
      const format = inputs[input]?.format;
      return {
        path: input,
        sizeBytes: bytesInOutput,
        ...(pkg ? { package: pkg } : {}),
        ...(format ? { format } : {}),
      };
    }),
  }));
  const entries = Object.entries(outputs)
    .filter(([, output]) => output.entryPoint !== undefined)
    .map(([name, output]) => ({
      name: output.entryPoint as string,
      initialFiles: initialClosure(name, outputs).map(relative),
    }));
  return { source: 'esbuild-metafile', origin, entries, outputs: files };
}

/** The entry's file, the chunks it imports statically (transitively) and their CSS bundles. */
function initialClosure(entry: string, outputs: z.infer<typeof metafile>['outputs']): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !outputs[file]) return;
    seen.add(file);
    const output = outputs[file];
    if (output.cssBundle) seen.add(output.cssBundle);
    for (const imported of output.imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

function commonDirectory(files: string[]): string {
  const dirs = files.map((file) => path.posix.dirname(file).split('/'));
  const first = dirs[0] ?? [];
  let length = first.length;
  for (const dir of dirs) {
    let same = 0;
    while (same < length && dir[same] === first[same]) same += 1;
    length = same;
  }
  return first.slice(0, length).join('/') || '.';
}
