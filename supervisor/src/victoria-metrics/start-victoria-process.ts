import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../process/free-port';
import { ManagedProcess } from '../process/managed-process';
import { workDir } from '../process/temp-dir';
import { waitUntilReady, withPortRetry } from '../process/wait-until-ready';
import { answersOk } from '../service/http-json';
import type { ServerPlacement, StartedServer } from '../service/start-configured-server';

/** What differs between victoria-metrics, vmagent and vmalert when they are started as servers. */
export interface VictoriaProcessSpec extends ServerPlacement {
  label: string;
  binary: string;
  /** Files (plain name -> content) written into the folder before the start; may depend on the port. */
  files?(location: { port: number; dir: string }): Record<string, string>;
  args(location: { port: number; dir: string }): string[];
}

/**
 * Starts one VictoriaMetrics-family binary on 127.0.0.1 (a free port, retried when taken before the bind,
 * unless fixed) in its folder, and waits for `/health` to answer 200: all three serve it once they listen,
 * while `/-/ready` is Prometheus's and is absent here. A temporary folder is removed when start-up fails.
 */
export async function startVictoriaProcess(spec: VictoriaProcessSpec): Promise<StartedServer> {
  const dir = workDir(spec.label, spec.dir);
  const attempt = async (port: number): Promise<StartedServer> => {
    const location = { port, dir: dir.path };
    for (const [name, content] of Object.entries(spec.files?.(location) ?? {})) {
      if (path.basename(name) !== name) throw new Error(`${spec.label} file name must be plain: ${name}`);
      writeFileSync(path.join(dir.path, name), content);
    }
    const server = await ManagedProcess.start({
      label: spec.label,
      command: spec.binary,
      args: [`-httpListenAddr=127.0.0.1:${port}`, ...spec.args(location)],
      cwd: dir.path,
      logFile: spec.logFile,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(server, () => answersOk(`${url}/health`), {
      timeoutMs: spec.startupTimeoutMs ?? 30_000,
    });
    return { url, port, dir, server };
  };
  try {
    return spec.port === undefined ? await withPortRetry(freePort, attempt) : await attempt(spec.port);
  } catch (error) {
    dir.remove();
    throw error;
  }
}
