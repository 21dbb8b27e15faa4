import { encodeWriteRequest, snappyLiterals } from './remote-write';

describe('remote write encoding', () => {
  it.each([
    ['an empty input as its zero length', Buffer.alloc(0), '00'],
    ['three bytes as one literal', Buffer.from('abc'), '03f40200616263'],
  ])('frames %s in Snappy block format', (_title, input, hex) => {
    expect(snappyLiterals(input).toString('hex')).toBe(hex);
  });

  it('encodes a series with sorted labels and one sample exactly as protobuf does', () => {
    const encoded = encodeWriteRequest([
      { labels: { testid: 't', __name__: 'k6_vus' }, samples: [[1000, 2]] },
    ]);
    // varint length 49, tag 61 literal of 49 bytes, then WriteRequest{timeseries (47 bytes){label, label, sample}}.
    expect(encoded.toString('hex')).toBe(
      '31f43000' +
        '0a2f' +
        '0a120a085f5f6e616d655f5f12066b365f767573' +
        '0a0b0a0674657374696412017' +
        '4' +
        '120c09000000000000004010e807',
    );
  });
});
