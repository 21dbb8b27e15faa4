import path from 'node:path';
import type { DemoServiceOptions } from '@perflens/demo';
import { type SourceFixtureProcess, startSourceFixtureProcess } from '@perflens/test-harness';

/** The demo service running in its own process (demo-process.fixture.ts). */
export type DemoProcess = SourceFixtureProcess;

/** Starts demo-process.fixture.ts and resolves once it serves (the seed runs first). */
export function startDemoProcess(options: DemoServiceOptions, timeoutMs = 90_000): Promise<DemoProcess> {
  return startSourceFixtureProcess(
    path.join(__dirname, 'demo-process.fixture.ts'),
    [JSON.stringify(options)],
    {
      label: 'demo process',
      timeoutMs,
    },
  );
}
