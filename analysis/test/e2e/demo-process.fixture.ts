// The demo service in a Node.js process of its own, started from the TypeScript sources by
// demo-process.ts (node --require tsx/cjs, TSX_TSCONFIG_PATH=tsconfig.tests.json so that @perflens/*
// resolve to the workspaces' sources). Its own process because the runtime checks read one process's
// event loop, heap and GC: the test runner's work must not be mistaken for the demo's.
//
// argv[2] is the JSON of DemoServiceOptions. Prints one JSON line {"url", "port"} once it serves; stops
// on SIGTERM, and also when stdin closes, so a test runner that dies cannot leave it behind.
import { startDemoService, type DemoServiceOptions } from '@perflens/demo';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as DemoServiceOptions;
  const demo = await startDemoService(options);
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
