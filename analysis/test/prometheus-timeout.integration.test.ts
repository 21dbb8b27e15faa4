import { Command } from 'commander';
import net from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { registerAnalyzeCommand } from '../src/cli/analyze-command';
import { MAX_CONCURRENT_QUERIES } from '../src/sources/query-batch';
import { runAnalyzeProcess } from './cli/analyze-process';

const SLO_FILE = path.resolve(__dirname, '../../alert-rules/slo.yaml');

/** Runs `perflens analyze` through commander as cli/ assembles it (exitOverride: errors become exit codes). */
async function runCommand(args: string[]): Promise<{ exitCode: number; stderr: string }> {
  let stderr = '';
  const program = new Command('perflens')
    .exitOverride()
    .configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => undefined });
  registerAnalyzeCommand(program);
  try {
    await program.parseAsync(['node', 'perflens', 'analyze', ...args]);
    return { exitCode: 0, stderr };
  } catch (error) {
    return { exitCode: (error as { exitCode: number }).exitCode, stderr };
  }
}

/** A server on 127.0.0.1 that counts the connections that sent a request. */
interface CountingServer {
  url: string;
  /** Connections that sent anything: each carries one request, since none is ever answered. */
  requestsReceived(): number;
  close(): Promise<void>;
}

async function listen(server: net.Server): Promise<CountingServer> {
  const sockets = new Set<net.Socket>();
  let requests = 0;
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('data', () => (requests += 1));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requestsReceived: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const baseArgs = (url: string) => ['--prometheus', url, '--job', 'demo-api', '--slo', SLO_FILE];

describe('perflens analyze never waits for ever on Prometheus', () => {
  let server: CountingServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a Prometheus that accepts connections and never answers: exit 2 after --timeout, naming the URL and the timeout; the process ends by itself after one round of queries', async () => {
    // A black hole: TCP accepts, nothing is ever written back.
    server = await listen(net.createServer());
    const result = await runAnalyzeProcess([...baseArgs(server.url), '--timeout', '2s'], 60_000);
    expect(result).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `perflens analyze: Prometheus at ${server.url} is unreachable: no answer within 2 s (--timeout)\n`,
    });
    // Every query after the first unanswered round fails at once, without a request: an analysis that
    // went on would send all of its 46 queries, one unanswered round after the other.
    expect(server.requestsReceived()).toBeLessThanOrEqual(MAX_CONCURRENT_QUERIES);
  }, 90_000);

  it('a Prometheus that answers every query, but each too slowly for the whole analysis: exit 2 at the overall deadline (4 × --timeout)', async () => {
    // Each answer takes 1.5 s, within the 2 s per-query timeout, but an analysis is about eight rounds of
    // six concurrent queries: twelve seconds, past the deadline of eight.
    let answered = 0;
    const slow = http.createServer((request, response) => {
      request.resume();
      answered += 1;
      const timer = setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
      }, 1500);
      response.on('close', () => clearTimeout(timer));
    });
    server = await listen(slow);
    const result = await runCommand([...baseArgs(server.url), '--timeout', '2s']);
    expect(result).toEqual({
      exitCode: 2,
      stderr: `perflens analyze: Prometheus at ${server.url} is unreachable: no complete analysis within the deadline of 8 s\n`,
    });
    expect(answered).toBeLessThan(46);
  }, 60_000);

  it('a --timeout that is not a duration is a usage error', async () => {
    expect(await runCommand([...baseArgs('http://127.0.0.1:1'), '--timeout', 'soon'])).toEqual({
      exitCode: 2,
      stderr: 'perflens analyze: --timeout must be a duration such as 15m, 1h or 2d, got "soon"\n',
    });
  });
});
