import { freePort } from '../process/free-port';
import { ManagedProcess } from '../process/managed-process';
import { createTempDir, type TempDir } from '../process/temp-dir';
import { waitUntilReady, withPortRetry } from '../process/wait-until-ready';
import { renderConfig, type ServiceConfig, writeConfigFiles } from './config-files';
import { answersOk } from './http-json';

/** What differs between the Prometheus-family servers the harness starts. */
export interface ConfiguredServerSpec {
  label: string;
  binary: string;
  /** Main config file name, e.g. prometheus.yml. */
  configFileName: string;
  /** Config key that lists the side files (rule_files, templates), filled in for object configs. */
  sideFilesKey: string;
  config: ServiceConfig;
  /** Side files (file name -> content) written next to the config. */
  sideFiles: Record<string, string>;
  args(location: { port: number; dir: string; configFile: string }): string[];
  startupTimeoutMs?: number;
}

export interface StartedServer {
  url: string;
  port: number;
  dir: TempDir;
  server: ManagedProcess;
}

/**
 * Writes the config and side files into a fresh temporary folder, starts the server on a free port
 * (retrying on another port if one is taken in between) and waits for `/-/ready`, which Prometheus and
 * Alertmanager both serve. The folder is removed when start-up fails.
 */
export async function startConfiguredServer(spec: ConfiguredServerSpec): Promise<StartedServer> {
  const dir = createTempDir(spec.label);
  try {
    return await withPortRetry(freePort, async (port) => {
      const location = { port, dir: dir.path };
      const yamlText = renderConfig(spec.config, location, spec.sideFilesKey, Object.keys(spec.sideFiles));
      const configFile = writeConfigFiles(dir.path, spec.configFileName, yamlText, spec.sideFiles);
      const server = await ManagedProcess.start({
        label: spec.label,
        command: spec.binary,
        args: spec.args({ ...location, configFile }),
        cwd: dir.path,
      });
      const url = `http://127.0.0.1:${port}`;
      await waitUntilReady(server, () => answersOk(`${url}/-/ready`), {
        timeoutMs: spec.startupTimeoutMs ?? 30_000,
      });
      return { url, port, dir, server };
    });
  } catch (error) {
    dir.remove();
    throw error;
  }
}
