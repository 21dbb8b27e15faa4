import type { Command } from 'commander';
import { startExampleService } from './example-service';

/** `perflens example`: runs the instrumented example service until Ctrl-C. */
export function registerExampleCommand(program: Command): void {
  program
    .command('example')
    .description(
      'run the instrumented example service from instrument/README.md (GET /hello, /users/:id, /metrics)',
    )
    .option('-p, --port <port>', 'port to listen on', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--database-url <url>', 'PostgreSQL connection string (default: $DATABASE_URL; none: in-memory)')
    .action(async (options: { port: string; host: string; databaseUrl?: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port must be an integer from 0 to 65535, got "${options.port}"`);
      }
      const service = await startExampleService({
        port,
        host: options.host,
        databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL,
      });
      const base = `http://${options.host}:${port}`;
      process.stdout.write(
        `Perflens example service on ${base}\n  try: curl ${base}/users/42 && curl ${base}/metrics\n  stop: Ctrl-C\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await service.close();
    });
}
