import { appendFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** The local stand-ins for Slack, webhooks and a mail server that Alertmanager delivers to in demo mode. */
export interface AlertSinks {
  /** Closes both servers. */
  stop(): Promise<void>;
}

/**
 * Appends every notification as one JSON line to <dir>/slack.jsonl, webhook.jsonl or mail.jsonl, so
 * `tail -f .perflens/sinks/*.jsonl` shows what would have been sent. Both listen on 127.0.0.1 only.
 */
export async function startAlertSinks(dir: string, httpPort: number, smtpPort: number): Promise<AlertSinks> {
  const record = (file: string, entry: object) =>
    appendFileSync(
      path.join(dir, file),
      `${JSON.stringify({ receivedAt: new Date().toISOString(), ...entry })}\n`,
    );
  const web = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const kind = req.url?.startsWith('/slack/') ? 'slack' : 'webhook';
      record(`${kind}.jsonl`, { path: req.url, body: Buffer.concat(chunks).toString('utf8') });
      // Slack answers "ok" as text; Alertmanager only checks the status.
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        record('mail.jsonl', {
          to: session.envelope.rcptTo.map((r) => r.address),
          message: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) =>
    web.once('error', reject).listen(httpPort, '127.0.0.1', resolve),
  );
  await new Promise<void>((resolve, reject) =>
    smtp.once('error', reject).listen(smtpPort, '127.0.0.1', resolve),
  );
  return {
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
