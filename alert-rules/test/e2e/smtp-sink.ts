import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMimeMessage, type MimeMessage } from './mime-message';

/** One delivered email: the SMTP envelope, the user that authenticated, and the parsed message. */
export interface ReceivedMail {
  user: string;
  envelopeFrom: string;
  envelopeTo: string[];
  message: MimeMessage;
}

/** The only account the sink accepts; Alertmanager must log in with it (smtp_auth_username + password file). */
export interface SmtpAccount {
  username: string;
  password: string;
}

/**
 * A local SMTP server that records every message. It requires authentication (PLAIN or LOGIN, allowed
 * without TLS on loopback) with one account, so a test also proves that Alertmanager read the password
 * from its file; STARTTLS is not offered, as with `smtp_require_tls: false` on a plain relay.
 */
export class SmtpSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    /** Every message accepted so far, in arrival order. */
    readonly mails: readonly ReceivedMail[],
  ) {}

  static async start(account: SmtpAccount): Promise<SmtpSink> {
    const mails: ReceivedMail[] = [];
    const server = new SMTPServer({
      logger: false,
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      // Short, so stop() does not wait 30 s for a connection a client left open.
      closeTimeout: 1_000,
      onAuth(auth, _session, callback) {
        if (auth.username === account.username && auth.password === account.password) {
          callback(null, { user: account.username });
        } else {
          callback(new Error('Invalid username or password'));
        }
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const { mailFrom, rcptTo } = session.envelope;
          mails.push({
            user: String(session.user),
            envelopeFrom: mailFrom ? mailFrom.address : '',
            envelopeTo: rcptTo.map((recipient) => recipient.address),
            message: parseMimeMessage(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        });
      },
    });
    const listener = await new Promise<{ address(): AddressInfo | string | null }>((resolve, reject) => {
      server.once('error', reject);
      const net = server.listen(0, '127.0.0.1', () => resolve(net));
    });
    return new SmtpSink(server, (listener.address() as AddressInfo).port, mails);
  }

  /** `host:port` for Alertmanager's smtp_smarthost. */
  get smarthost(): string {
    return `127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
