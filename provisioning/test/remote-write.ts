/** One series to write: its labels (with __name__) and [unix ms, value] samples in time order. */
export interface WriteSeries {
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/**
 * Encodes a Prometheus remote-write 1.0 WriteRequest (prompb/remote.proto: timeseries = 1; TimeSeries
 * labels = 1, samples = 2; Label name = 1, value = 2; Sample value = 1 double, timestamp = 2 int64),
 * labels sorted by name as the spec requires, then wraps it in Snappy's block format using literal
 * elements only: valid Snappy that any decoder reads, without a compression dependency.
 */
export function encodeWriteRequest(series: WriteSeries[]): Buffer {
  const request = Buffer.concat(series.map((s) => field(1, encodeSeries(s))));
  return snappyLiterals(request);
}

/** POSTs the series to Prometheus' receiver (--web.enable-remote-write-receiver); throws on non-2xx. */
export async function remoteWrite(prometheusUrl: string, series: WriteSeries[]): Promise<void> {
  const response = await fetch(`${prometheusUrl}/api/v1/write`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'snappy',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    },
    body: encodeWriteRequest(series),
  });
  if (!response.ok) throw new Error(`remote write answered ${response.status}: ${await response.text()}`);
}

function encodeSeries(series: WriteSeries): Buffer {
  const labels = Object.entries(series.labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) =>
      field(1, Buffer.concat([field(1, Buffer.from(name)), field(2, Buffer.from(value))])),
    );
  const samples = series.samples.map(([ms, value]) => {
    const double = Buffer.alloc(8);
    double.writeDoubleLE(value);
    return field(
      2,
      Buffer.concat([Buffer.from([(1 << 3) | 1]), double, Buffer.from([2 << 3]), varint(BigInt(ms))]),
    );
  });
  return Buffer.concat([...labels, ...samples]);
}

/** A length-delimited field (wire type 2). */
function field(number: number, payload: Buffer): Buffer {
  return Buffer.concat([varint(BigInt((number << 3) | 2)), varint(BigInt(payload.length)), payload]);
}

function varint(value: bigint): Buffer {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return Buffer.from(bytes);
}

/** Snappy block: varint length, then literals of at most 65,536 bytes (tag 61: 2-byte length - 1). */
export function snappyLiterals(data: Buffer): Buffer {
  const parts: Buffer[] = [varint(BigInt(data.length))];
  for (let offset = 0; offset < data.length; offset += 65_536) {
    const chunk = data.subarray(offset, offset + 65_536);
    const header = Buffer.alloc(3);
    header[0] = 61 << 2;
    header.writeUInt16LE(chunk.length - 1, 1);
    parts.push(header, chunk);
  }
  return Buffer.concat(parts);
}
