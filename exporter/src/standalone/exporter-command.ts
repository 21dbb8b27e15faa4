import { type Command, CommanderError } from 'commander';
import pino from 'pino';
import { ConfigError } from './config-error';
import { loadExporterConfig } from './exporter-config';
import { startExporterServer } from './exporter-server';

interface ExporterCommandOptions {
  config: string;
  check?: boolean;
}

/** `perflens exporter --config perflens.yaml`: runs the standalone exporter until SIGTERM or Ctrl-C. */
export function registerExporterCommand(program: Command): void {
  program
    .command('exporter')
    .description(
      'run the standalone exporter: host and PostgreSQL metrics, real-user web vitals (/rum, /rum.js)',
    )
    .option(
      '-c, --config <file>',
      'YAML configuration file (see exporter/examples/perflens.example.yaml)',
      'perflens.yaml',
    )
    .option('--check', 'validate the configuration and exit: 0 when valid, 2 when not')
    .action(async (options: ExporterCommandOptions) => {
      let config;
      try {
        config = loadExporterConfig(options.config);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const message = `perflens exporter: invalid configuration\n${error.message}`;
        process.stderr.write(`${message}\n`);
        // Exit code 2, as for every configuration error (README.md, "Exit codes").
        throw new CommanderError(2, 'perflens.exporter.config', message);
      }
      if (options.check) {
        process.stdout.write(`${options.config}: configuration is valid\n`);
        return;
      }
      const logger = pino({ level: config.logging.level, base: { service: 'perflens-exporter' } });
      const exporter = await startExporterServer(config, logger);
      await new Promise<void>((resolve) => {
        // SIGTERM from Kubernetes, systemd or docker stop; SIGINT from Ctrl-C.
        const stop = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'shutting down');
          resolve();
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      await exporter.close();
    });
}
