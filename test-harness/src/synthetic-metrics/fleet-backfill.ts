import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FleetProfile } from './fleet-profile';
import { writeFleetOpenMetricsFile } from './fleet-simulator';

/** promtool from the Debian package; PERFLENS_PROMTOOL_BIN overrides it (as backfilled-prometheus.ts). */
const PROMTOOL = process.env.PERFLENS_PROMTOOL_BIN ?? '/usr/bin/promtool';

/** A TSDB folder of backfilled fleets, and how big and slow it was to make (benchmarks report both). */
export interface FleetBackfill {
  blocksDir: string;
  /** The OpenMetrics file, kept for importing the same samples elsewhere (VictoriaMetrics). */
  openMetricsFile: string;
  openMetricsBytes: number;
  generateSeconds: number;
  backfillSeconds: number;
  remove(): void;
}

/**
 * Simulates the fleets over `window` into an OpenMetrics file and backfills it with promtool. Asynchronous,
 * unlike backfillTsdb: a 50 × 200 fleet takes promtool seconds, during which the test's timers keep running.
 */
export async function backfillFleets(
  fleets: readonly FleetProfile[],
  window: [number, number],
  stepSeconds = 30,
): Promise<FleetBackfill> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-fleet-'));
  const openMetricsFile = path.join(dir, 'fleet.om');
  const blocksDir = path.join(dir, 'blocks');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const t0 = performance.now();
    const openMetricsBytes = writeFleetOpenMetricsFile(openMetricsFile, fleets, window, stepSeconds);
    const t1 = performance.now();
    await promisify(execFile)(
      PROMTOOL,
      ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, blocksDir],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const t2 = performance.now();
    return {
      blocksDir,
      openMetricsFile,
      openMetricsBytes,
      generateSeconds: (t1 - t0) / 1000,
      backfillSeconds: (t2 - t1) / 1000,
      remove,
    };
  } catch (error) {
    remove();
    throw error;
  }
}
