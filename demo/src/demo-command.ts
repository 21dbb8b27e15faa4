import { type Command, CommanderError } from 'commander';
import { randomBytes } from 'node:crypto';
import { startDemoService } from './demo-service';

interface DemoCommandOptions {
  databaseUrl?: string;
  port: string;
  host: string;
  scale: string;
  adminToken?: string;
  exporterUrl?: string;
}

/** `perflens demo`: the demo shop with switchable bottlenecks, until SIGTERM or Ctrl-C. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the demo shop (Express 5 + PostgreSQL) with switchable bottlenecks; see demo/README.md')
    .option('--database-url <url>', 'PostgreSQL connection string (default: $DATABASE_URL)')
    .option('--port <port>', 'port to listen on', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--scale <n>', 'seed scale: 1 puts 600,000 rows in order_items', '1')
    .option(
      '--admin-token <token>',
      'token for /admin/bottlenecks (default: $PERFLENS_DEMO_ADMIN_TOKEN or random)',
    )
    .option('--exporter-url <url>', 'perflens exporter whose /rum.js the web page loads')
    .action(async (options: DemoCommandOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port must be an integer from 0 to 65535, got "${options.port}"`);
      }
      const scale = Number(options.scale);
      if (!(scale > 0)) throw new Error(`--scale must be a number above 0, got "${options.scale}"`);
      const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
      if (!databaseUrl) {
        const message = 'perflens demo: give --database-url or set DATABASE_URL';
        process.stderr.write(`${message}\n`);
        throw new CommanderError(2, 'perflens.demo.usage', message);
      }
      const adminToken =
        options.adminToken ?? process.env.PERFLENS_DEMO_ADMIN_TOKEN ?? randomBytes(18).toString('base64url');
      // A token the caller chose is never echoed: stdout often ends up in a log file (perflens up keeps one).
      // Only a token made up here is printed, since the caller has no other way to learn it.
      const tokenInCurl =
        options.adminToken !== undefined
          ? '<your --admin-token>'
          : process.env.PERFLENS_DEMO_ADMIN_TOKEN !== undefined
            ? '$PERFLENS_DEMO_ADMIN_TOKEN'
            : adminToken;
      const demo = await startDemoService({
        databaseUrl,
        adminToken,
        port,
        host: options.host,
        scale,
        exporterUrl: options.exporterUrl,
      });
      process.stdout.write(
        `perflens demo: ${demo.url} (seed ${demo.seed.seeded ? 'written' : 'reused'}: ` +
          `${demo.seed.sizes.orderItems} order lines)\n` +
          `switch a bottleneck: curl -X PUT -H "Authorization: Bearer ${tokenInCurl}" ` +
          `-H 'Content-Type: application/json' -d '{"enabled":true}' ${demo.url}/admin/bottlenecks/n-plus-one\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      await demo.stop();
    });
}
