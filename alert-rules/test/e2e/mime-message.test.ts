import { decodeQuotedPrintable, parseMimeMessage } from './mime-message';

// The shape Alertmanager's email notifier writes (notify/email/email.go): multipart/alternative with a
// quoted-printable text part and HTML part.
const raw = [
  'From: perflens-alerts@example.com',
  'To: oncall@example.com',
  'Subject: =?UTF-8?q?[FIRING:1]_Caf=C3=A9?= =?UTF-8?q?_down?=',
  'Content-Type: multipart/alternative;',
  '  boundary=abc123',
  'MIME-Version: 1.0',
  '',
  '--abc123',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  'Silence: http://am:9093/#/silences/new?filter=3D%7Balertname%3D%22X%22%7D and a very long line th=',
  'at was wrapped',
  '--abc123',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Type: text/html; charset=UTF-8',
  '',
  '<a href=3D"https://example.com/runbook">Runbook</a>',
  '--abc123--',
  '',
].join('\r\n');

describe('parseMimeMessage', () => {
  const message = parseMimeMessage(raw);

  it('unfolds and decodes headers', () => {
    expect(message.headers.get('subject')).toBe('[FIRING:1] Café down');
    expect(message.headers.get('content-type')).toBe('multipart/alternative; boundary=abc123');
  });

  it('decodes the text and HTML parts of a multipart/alternative body', () => {
    expect(message.text).toBe(
      'Silence: http://am:9093/#/silences/new?filter=%7Balertname%3D%22X%22%7D and a very long line that was wrapped',
    );
    expect(message.html).toBe('<a href="https://example.com/runbook">Runbook</a>');
  });

  it('decodes UTF-8 bytes and keeps a lone "=" that starts no escape', () => {
    expect(decodeQuotedPrintable('caf=C3=A9 =ZZ')).toBe('café =ZZ');
  });
});
