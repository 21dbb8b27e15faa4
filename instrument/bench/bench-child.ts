/**
 * Entry of every benchmark child process: `bench-child.ts <kind> <variant>`. The OpenTelemetry
 * registration is imported first, on purpose: its instrumentations only patch http, express and pg when
 * they are registered before those modules are required, so each variant runs in its own process.
 */
import { openTelemetryExporter } from './otel-register';
import { serveVariant, type BenchVariant } from './bench-servers';
import { runPgWorker, type PgVariant } from './pg-bench-worker';
import { measureSeriesMemory, type MemoryVariant } from './series-memory';

const [kind, variant] = process.argv.slice(2);
if (kind === 'http') serveVariant(variant as BenchVariant, openTelemetryExporter);
else if (kind === 'pg') runPgWorker(variant as PgVariant);
else if (kind === 'memory') void measureSeriesMemory(variant as MemoryVariant, openTelemetryExporter);
else throw new Error(`bench-child: unknown kind ${String(kind)} (http, pg or memory)`);
