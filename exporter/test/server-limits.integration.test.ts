import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadExporterConfig } from '../src/standalone/exporter-config';
import { startExporterServer, type RunningExporter } from '../src/standalone/exporter-server';

/** A raw TCP client: what it received, and whether the server (not the test) closed the socket. */
interface RawClient {
  socket: net.Socket;
  received: () => string;
  closed: Promise<{ byServer: boolean }>;
}

function connect(port: number, giveUpMs = 20_000): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let gaveUp = false;
    const giveUp = setTimeout(() => {
      gaveUp = true;
      socket.destroy();
    }, giveUpMs);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const closed = new Promise<{ byServer: boolean }>((done) =>
      socket.once('close', () => {
        clearTimeout(giveUp);
        done({ byServer: !gaveUp });
      }),
    );
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

describe('the exporter limits slow and piled-up clients', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-limits-'));
  const running: RunningExporter[] = [];
  const start = async (server: string) => {
    const file = path.join(dir, `perflens-${running.length}.yaml`);
    writeFileSync(
      file,
      `server: { host: 127.0.0.1, port: 0, ${server} }\nlogging: { level: silent }\nhost: { enabled: false }\nrum: { enabled: false }\n`,
    );
    const exporter = await startExporterServer(loadExporterConfig(file, {}), pino({ level: 'silent' }));
    running.push(exporter);
    return exporter;
  };
  afterAll(async () => {
    await Promise.all(running.map((e) => e.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes a client that dribbles its headers once requestTimeoutSeconds have passed', async () => {
    const exporter = await start('requestTimeoutSeconds: 0.5');
    const client = await connect(exporter.port);
    client.socket.write('GET /metrics HTTP/1.1\r\nHost: localhost\r\n');
    // One header line every 100 ms, for ever: only the server's request timeout can end this.
    const dribble = setInterval(() => client.socket.write(`X-Slow: ${Date.now()}\r\n`), 100);
    try {
      expect(await client.closed).toEqual({ byServer: true });
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(dribble);
    }
  });

  it('closes connections past maxConnections on accept, and accepts again when one ends', async () => {
    const exporter = await start('maxConnections: 3');
    const idle = await Promise.all([1, 2, 3].map(() => connect(exporter.port)));
    const extra = await connect(exporter.port);
    extra.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(await extra.closed).toEqual({ byServer: true });
    expect(extra.received()).toBe('');

    idle[0]!.socket.destroy();
    // The server counts the closed socket out asynchronously: retry until a new request is served.
    let served = '';
    for (const end = Date.now() + 20_000; !served.startsWith('HTTP/1.1 200') && Date.now() < end;) {
      const next = await connect(exporter.port);
      next.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      await next.closed;
      served = next.received();
    }
    expect(served).toMatch(/^HTTP\/1\.1 200 /);
    for (const client of idle) client.socket.destroy();
  });
});
