import express from 'express';
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { ADVISOR_API_PATH, createAdvisorRouter, type AdvisorRouterOptions } from './advisor-router';
import { createAdvisorService } from './advisor-service';

// These requests are all refused before the advisor touches a database, so the service points nowhere.
const service = createAdvisorService({ dsn: 'postgres://nobody@127.0.0.1:1/none' });
const VIEWER_TOKEN = 'viewer-token-0123456789abcdef012345';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef0123456';
const APPLY = `${ADVISOR_API_PATH}/recommendations/missing-index-0123456789ab/apply`;
const MIB_200 = 200 * 1024 * 1024;

/** What a raw client saw: the status line and body it got, and whether the server closed the socket. */
interface RawExchange {
  status: number;
  body: string;
  closedByServer: boolean;
}

describe('the advisor API refuses bad requests early', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const app = express();
    app.use(
      ADVISOR_API_PATH,
      createAdvisorRouter({
        service,
        viewerToken: VIEWER_TOKEN,
        adminToken: ADMIN_TOKEN,
        applyEnabled: true,
        bodyTimeoutMs: 300,
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /**
   * Sends `head` and then `body` in pieces of `piece` bytes every `everyMs` (never more than `body`), and
   * collects the answer until the server closes the socket or 20 s pass.
   */
  const exchange = (head: string, body = '', piece = body.length, everyMs = 0): Promise<RawExchange> =>
    new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      let gaveUp = false;
      const giveUp = setTimeout(() => {
        gaveUp = true;
        socket.destroy();
      }, 20_000);
      const dribble = () => {
        if (socket.destroyed || sent >= body.length) return;
        socket.write(body.slice(sent, sent + piece));
        sent += piece;
        timer = setTimeout(dribble, everyMs);
      };
      socket.on('connect', () => {
        socket.write(head);
        dribble();
      });
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('error', (error) => {
        // A reset after the answer arrived still counts as the server closing the connection.
        if (!received) reject(error);
      });
      socket.on('close', () => {
        clearTimeout(giveUp);
        clearTimeout(timer);
        const [headers = '', text = ''] = received.split('\r\n\r\n');
        resolve({ status: Number(headers.split(' ')[1]), body: text, closedByServer: !gaveUp });
      });
    });
  const post = (headers: string[]) =>
    `POST ${APPLY} HTTP/1.1\r\nHost: localhost\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
  const errorOf = (text: string) => (JSON.parse(text.slice(text.indexOf('{'))) as { error: string }).error;

  it('answers 401 to a request without a token before reading its 200 MiB body', async () => {
    const seen = await exchange(
      post([`Content-Length: ${MIB_200}`, 'Content-Type: application/json']),
      '{"actor":"',
    );
    expect([seen.status, errorOf(seen.body), seen.closedByServer]).toEqual([
      401,
      'a bearer token is required',
      true,
    ]);
  });

  it('answers 413 from Content-Length alone, before reading the body', async () => {
    const seen = await exchange(
      post([
        `Authorization: Bearer ${ADMIN_TOKEN}`,
        `Content-Length: ${MIB_200}`,
        'Content-Type: application/json',
      ]),
      '{"actor":"',
    );
    expect([seen.status, errorOf(seen.body), seen.closedByServer]).toEqual([
      413,
      'request body: larger than 4096 bytes',
      true,
    ]);
  });

  it('answers 413 as soon as a streamed body passes the limit', async () => {
    // One 5,000-byte chunk of a chunked body that never ends: only the limit can end the exchange.
    const chunk = `${(5000).toString(16)}\r\n${'x'.repeat(5000)}\r\n`;
    const seen = await exchange(
      post([
        `Authorization: Bearer ${ADMIN_TOKEN}`,
        'Transfer-Encoding: chunked',
        'Content-Type: application/json',
      ]),
      chunk,
    );
    expect([seen.status, errorOf(seen.body), seen.closedByServer]).toEqual([
      413,
      'request body: larger than 4096 bytes',
      true,
    ]);
  });

  it('answers 408 and closes the connection of a client that dribbles its body', async () => {
    const body = '{"actor":"slow client"}';
    const seen = await exchange(
      post([
        `Authorization: Bearer ${ADMIN_TOKEN}`,
        `Content-Length: ${body.length}`,
        'Content-Type: application/json',
      ]),
      body,
      1,
      200,
    );
    expect([seen.status, errorOf(seen.body), seen.closedByServer]).toEqual([
      408,
      'request body: not received within 1 s',
      true,
    ]);
  });

  it.each([
    ['malformed JSON', 'application/json', '{"actor": "alice",', 400, 'request body: malformed JSON'],
    [
      'a form',
      'application/x-www-form-urlencoded',
      'actor=alice',
      415,
      'request body: expected Content-Type application/json',
    ],
    [
      'an unknown field',
      'application/json',
      '{"sql": "DROP TABLE orders"}',
      400,
      'input: Unrecognized key: "sql"',
    ],
    [
      'a control character in the actor',
      'application/json',
      '{"actor": "a\\nb"}',
      400,
      'actor: expected printable characters only (no NUL, control or format characters)',
    ],
    ['a blank actor', 'application/json', '{"actor": "   "}', 400, 'actor: expected more than white space'],
  ])('answers %s with its status and a short reason', async (_name, type, body, status, error) => {
    const response = await fetch(`http://127.0.0.1:${port}${APPLY}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type },
      body,
    });
    expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([status, error]);
  });

  it.each<[string, Partial<AdvisorRouterOptions>, string]>([
    ['a short token', { viewerToken: 'short' }, 'advisor API: tokens need at least 32 characters'],
    ['equal tokens', { adminToken: VIEWER_TOKEN }, 'advisor API: viewerToken and adminToken must differ'],
  ])('refuses to start with %s', (_name, change, message) => {
    expect(() =>
      createAdvisorRouter({ service, viewerToken: VIEWER_TOKEN, adminToken: ADMIN_TOKEN, ...change }),
    ).toThrow(message);
  });
});
