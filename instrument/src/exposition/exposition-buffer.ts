const DIGIT_ZERO = 0x30;

/**
 * The bytes of one scrape, written in place. Building the exposition as one JavaScript string cost more
 * than producing it: at 5,000 series, joining the pieces (rope flattening) and encoding the result to
 * UTF-8 for the socket took three times as long as the rendering itself. Here repeated pieces (metric
 * name prefixes, a series' escaped labels) are encoded once and copied, counts are written as digits,
 * and the response gets the buffer as it is.
 */
export class ExpositionBuffer {
  private buffer: Buffer;
  private length = 0;

  /** `expectedBytes`: the previous scrape's size, so that a steady registry never regrows the buffer. */
  constructor(expectedBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(Math.max(1024, expectedBytes));
  }

  get byteLength(): number {
    return this.length;
  }

  /** Makes room for `bytes` more bytes; the put* methods write into that room without checking. */
  reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Bytes encoded once by the caller (a label set, a metric name prefix), into reserved room. */
  put(bytes: Uint8Array): void {
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** One byte (a newline, a comma), into reserved room. */
  putByte(byte: number): void {
    this.buffer[this.length++] = byte;
  }

  /**
   * A sample value exactly as prom-client prints it (lib/util.js getValueAsString); integers go into
   * reserved room (at most 16 digits), anything else reserves its own.
   */
  putValue(value: number): void {
    if (Number.isSafeInteger(value) && value >= 0) this.putDigits(value);
    else this.text(formatSampleValue(value));
  }

  /** A string of unknown content, encoded as UTF-8 (reserves its own room). */
  text(text: string): void {
    this.reserve(text.length * 3); // the most UTF-8 bytes a UTF-16 code unit becomes
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /** The bytes written so far (a view, not a copy). */
  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private putDigits(value: number): void {
    let count = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++;
    let position = this.length + count;
    let rest = value;
    do {
      const next = Math.floor(rest / 10);
      this.buffer[--position] = DIGIT_ZERO + (rest - next * 10);
      rest = next;
    } while (rest > 0);
    this.length += count;
  }
}

/** prom-client's getValueAsString. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}
