// The bookings service in a Node.js process of its own, started from the TypeScript sources by
// bookings-process.ts. Its own process because the runtime checks read one process's event loop: the test
// runner's work must not be mistaken for the service's (and the blocking login must not block the runner).
//
// argv[2] is the JSON of BookingsServiceOptions. Prints one JSON line {"url", "port"} once it serves; stops
// on SIGTERM, and when stdin closes, so a test runner that dies cannot leave it behind.
import { startBookingsService, type BookingsServiceOptions } from '@perflens/bookings';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as BookingsServiceOptions;
  const service = await startBookingsService(options);
  process.stdout.write(`${JSON.stringify({ url: service.url, port: service.port })}\n`);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= service.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bookings fixture: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
