// The demo service in a process of its own for the real-k6 tests, started from the sources by
// demo-process.ts. Its own process because the soak test judges the memory growth of the service's process:
// the test runner's own allocations must not count. argv[2] is the JSON of DemoServiceOptions. Prints one
// JSON line {"url","port"} once it serves; stops on SIGTERM or when stdin closes (the test runner died).
import { startDemoService, type DemoServiceOptions } from '@perflens/demo';

async function main(): Promise<void> {
  const demo = await startDemoService(JSON.parse(process.argv[2] ?? '{}') as DemoServiceOptions);
  process.stdout.write(`${JSON.stringify({ url: demo.url, port: demo.port })}\n`);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= demo.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo fixture: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
