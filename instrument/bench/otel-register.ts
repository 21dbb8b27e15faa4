import { context, metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BenchContextManager } from './otel-context';

/** Bench variants whose name starts with this run under the OpenTelemetry Node SDK. */
export const OPENTELEMETRY_PREFIX = 'opentelemetry';

/**
 * The OpenTelemetry setup a user would pick instead of Perflens, metrics only (Perflens has no tracing):
 * a MeterProvider with the Prometheus exporter (no server of its own: the app mounts its handler), and the
 * http, express and pg instrumentations. With no tracer provider their spans are non-recording, which is
 * the cheapest OpenTelemetry configuration that still records http.route and pg metrics.
 */
export function registerOpenTelemetry(): PrometheusExporter {
  context.setGlobalContextManager(new BenchContextManager().enable());
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  metrics.setGlobalMeterProvider(meterProvider);
  registerInstrumentations({
    meterProvider,
    instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation(), new PgInstrumentation()],
  });
  return exporter;
}

/**
 * Imported first by the bench child entry, before express, http or pg are required: OpenTelemetry's
 * instrumentations patch modules as they are loaded. Only the OpenTelemetry variants register it.
 */
export const openTelemetryExporter: PrometheusExporter | undefined = process.argv[3]?.startsWith(
  OPENTELEMETRY_PREFIX,
)
  ? registerOpenTelemetry()
  : undefined;
