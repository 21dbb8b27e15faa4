/**
 * A small reader for the MIME messages Alertmanager's email notifier writes: headers, multipart bodies
 * (multipart/alternative with a text and an HTML part), quoted-printable or base64 parts, and RFC 2047
 * encoded words in headers. Enough to assert on what an on-call engineer reads; not a general parser.
 */
export interface MimeMessage {
  /** Header values by lower-case name, unfolded and decoded. */
  headers: Map<string, string>;
  /** The text/plain part (or body), decoded. */
  text?: string;
  /** The text/html part, decoded. */
  html?: string;
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

export function parseMimeMessage(raw: string): MimeMessage {
  const message: MimeMessage = { headers: new Map() };
  const root = splitPart(raw.replace(/\r\n/g, '\n'));
  message.headers = root.headers;
  collectBodies(root, message);
  return message;
}

function splitPart(text: string): Part {
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace (RFC 5322 section 2.2.3).
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
    }
  }
  return { headers, body };
}

function collectBodies(part: Part, message: MimeMessage): void {
  const contentType = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const sections = part.body.split(`--${boundary}`);
    // sections[0] is the preamble; the last one starts with "--" (the closing delimiter). The line break
    // before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1), not to the part.
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      collectBodies(splitPart(section.replace(/^[ \t]*\n/, '').replace(/\n$/, '')), message);
    }
    return;
  }
  const decoded = decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '7bit');
  if (/^text\/html/i.test(contentType)) message.html ??= decoded;
  else if (/^text\/plain/i.test(contentType)) message.text ??= decoded;
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** RFC 2045 quoted-printable: "=" at a line end is a soft break, "=XX" a byte; bytes are UTF-8. */
export function decodeQuotedPrintable(text: string): string {
  const unwrapped = text.replace(/[ \t]*\n/g, '\n').replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?utf-8?q?...?= or =?utf-8?b?...?=), which Go's mail code uses for non-ASCII headers. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_word, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
