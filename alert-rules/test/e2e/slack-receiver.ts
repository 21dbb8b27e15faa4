import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parts of a Slack incoming-webhook message (legacy attachments) that Alertmanager's Slack notifier sends. */
export interface SlackMessage {
  channel?: string;
  username?: string;
  attachments: SlackAttachment[];
}

export interface SlackAttachment {
  title: string;
  title_link?: string;
  text: string;
  fallback?: string;
  color?: string;
  actions?: Array<{ type: string; text: string; url: string }>;
}

/** One accepted post: the webhook path (which channel's URL was used) and the message. */
export interface SlackPost {
  path: string;
  message: SlackMessage;
}

/**
 * A local stand-in for Slack's incoming webhooks: accepts JSON posts on any path, answers like Slack
 * (200 "ok", 400 "invalid_payload") and records them in arrival order. It can be stopped and started again
 * on the same port, which is how a test takes "Slack" down while Alertmanager keeps its webhook URL.
 */
export class SlackReceiver {
  private readonly received: SlackPost[] = [];
  private server: Server | undefined;

  private constructor(private listenPort: number) {}

  static async start(): Promise<SlackReceiver> {
    const receiver = new SlackReceiver(0);
    await receiver.resume();
    return receiver;
  }

  /** Every accepted post, in arrival order. */
  get posts(): readonly SlackPost[] {
    return this.received;
  }

  get port(): number {
    return this.listenPort;
  }

  /** The webhook URL for a path, e.g. `/paging`; what the api_url_file of a Slack receiver holds. */
  url(path: string): string {
    return `http://127.0.0.1:${this.listenPort}${path}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Listens again on the port it had; a no-op while running. */
  async resume(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SlackMessage;
          if (req.method !== 'POST' || !Array.isArray(message.attachments)) throw new Error('not a message');
          this.received.push({ path: req.url ?? '/', message });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        } catch {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    this.listenPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /**
   * Stops listening and drops open connections, so the next request is refused the way it is when the
   * webhook endpoint is down (Alertmanager keeps idle keep-alive connections otherwise).
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
  }
}
