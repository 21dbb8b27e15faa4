import { EventEmitter } from 'node:events';
import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { onResponseEnd, watchServerResponses } from './response-end';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server whose handler each test sets; every response is watched, and its ends are collected. */
let server: Server;
let base: string;
let handler: Handler;
let ends: Array<{ url: string; aborted: boolean }>;
let closeListenersAtWatch: number[];

beforeAll(async () => {
  watchServerResponses();
  server = createServer((req, res) => {
    onResponseEnd(res, (aborted) => ends.push({ url: req.url ?? '', aborted }));
    closeListenersAtWatch.push(res.listenerCount('close'));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  ends = [];
  closeListenersAtWatch = [];
  handler = (_req, res) => void res.end('ok');
});

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Sends a request and destroys it `afterMs` later, before or after the server answered its headers. */
async function abandon(path: string, afterMs: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const req = request(`${base}${path}`);
    req.on('error', () => resolve());
    req.on('response', (response) => response.on('error', () => undefined));
    req.end();
    setTimeout(() => {
      req.destroy();
      resolve();
    }, afterMs);
  });
}

describe('responses of Node’s HTTP server', () => {
  it('reports a finished response once, as not aborted, without a listener on the response', async () => {
    await (await fetch(`${base}/done`)).text();
    await until(() => ends.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ends).toEqual([{ url: '/done', aborted: false }]);
    // Node's server adds none either: the count a bare response has.
    expect(closeListenersAtWatch).toEqual([0]);
  });

  it('reports a response whose client left before its headers as aborted', async () => {
    handler = () => undefined; // never answers
    await abandon('/never', 50);
    await until(() => ends.length > 0);
    expect(ends).toEqual([{ url: '/never', aborted: true }]);
  });

  it('reports a response whose headers were sent, then its client left, as not aborted', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial');
    };
    await abandon('/partial', 100);
    await until(() => ends.length > 0);
    expect(ends).toEqual([{ url: '/partial', aborted: false }]);
  });

  it('reports each request of a kept-alive connection once, with one close listener on the socket', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const socketCloseListeners: number[] = [];
    handler = (req, res) => {
      sockets.add(req.socket);
      socketCloseListeners.push(req.socket.listenerCount('close'));
      res.end('ok');
    };
    for (const path of ['/a', '/b', '/c']) {
      await new Promise<void>((resolve, reject) => {
        request(`${base}${path}`, { agent }, (response) => {
          response.resume();
          response.on('end', resolve);
        })
          .on('error', reject)
          .end();
      });
    }
    agent.destroy();
    await until(() => ends.length === 3);
    expect(ends).toEqual([
      { url: '/a', aborted: false },
      { url: '/b', aborted: false },
      { url: '/c', aborted: false },
    ]);
    expect(sockets.size).toBe(1);
    // The listener count does not grow with the requests a connection serves.
    expect(new Set(socketCloseListeners).size).toBe(1);
  });
});

describe('responses the channels do not report', () => {
  class SyntheticResponse extends EventEmitter {
    constructor(
      readonly writableFinished: boolean,
      readonly headersSent: boolean,
    ) {
      super();
    }
  }

  it.each([
    ['that finished', true, true, false],
    ['left before its headers', false, false, true],
    ['left after its headers', false, true, false],
  ])('a response %s is reported at its close event', (_title, finished, headersSent, aborted) => {
    const response = new SyntheticResponse(finished, headersSent);
    const seen: boolean[] = [];
    onResponseEnd(response, (wasAborted) => seen.push(wasAborted));
    expect(seen).toEqual([]);
    response.emit('close');
    expect(seen).toEqual([aborted]);
  });
});
