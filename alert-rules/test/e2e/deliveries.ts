import type { SlackPost, SlackReceiver } from './slack-receiver';
import type { ReceivedMail, SmtpSink } from './smtp-sink';

/** A point in the delivery logs: what arrived before it is history for the step that took it. */
export interface Mark {
  slack: number;
  mail: number;
}

/** Title and subject of a notification, as perflens.title renders them. */
export function notificationTitle(
  status: 'firing' | 'resolved',
  alertname: string,
  labels: { job: string; slo?: string; severity: string },
): string {
  const prefix = status === 'firing' ? '[FIRING:1]' : '[RESOLVED]';
  const slo = labels.slo ? ` ${labels.slo}` : '';
  return `${prefix} ${alertname} ${labels.job}${slo} (${labels.severity})`;
}

/** Looks up notifications in the Slack receiver's and the SMTP sink's logs, by title and from a mark on. */
export class Deliveries {
  constructor(
    private readonly slack: () => SlackReceiver,
    private readonly smtp: () => SmtpSink,
  ) {}

  mark(): Mark {
    return { slack: this.slack().posts.length, mail: this.smtp().mails.length };
  }

  slackPosts(since: Mark, title: string): SlackPost[] {
    return this.slack()
      .posts.slice(since.slack)
      .filter((post) => post.message.attachments[0]?.title === title);
  }

  mails(since: Mark, subject: string): ReceivedMail[] {
    return this.smtp()
      .mails.slice(since.mail)
      .filter((mail) => mail.message.headers.get('subject') === subject);
  }

  slackPost(since: Mark, title: string): SlackPost | undefined {
    return this.slackPosts(since, title)[0];
  }

  mail(since: Mark, subject: string): ReceivedMail | undefined {
    return this.mails(since, subject)[0];
  }

  /** What arrived since the mark, for timeout messages. */
  describe(since: Mark): string {
    const posts = this.slack().posts.slice(since.slack);
    const mails = this.smtp().mails.slice(since.mail);
    return [
      `Slack posts since the mark (receiver ${this.slack().running ? 'up' : 'down'}):`,
      ...posts.map((post) => `  ${post.path} ${post.message.attachments[0]?.title ?? '(no attachment)'}`),
      'emails since the mark:',
      ...mails.map((mail) => `  ${mail.message.headers.get('subject') ?? '(no subject)'}`),
    ].join('\n');
  }
}
