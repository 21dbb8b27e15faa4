import type { IncomingMessage } from 'node:http';
import { ClientAddress, type TrustProxy } from './client-address';

/** The two fields ClientAddress reads, as Node fills them for a request from `peer`. */
const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('ClientAddress', () => {
  it.each<[string, TrustProxy, string, string | undefined, string]>([
    ['no proxy trusted: the peer, whatever the header says', false, '192.0.2.1', '198.51.100.7', '192.0.2.1'],
    ['an IPv4 peer on a dual-stack socket', false, '::ffff:192.0.2.1', undefined, '192.0.2.1'],
    ['one hop: the entry the proxy appended', 1, '10.0.0.2', 'forged, 198.51.100.7', '198.51.100.7'],
    [
      'true counts as one hop, not the forgeable left-most entry',
      true,
      '10.0.0.2',
      '6.6.6.6, 198.51.100.7',
      '198.51.100.7',
    ],
    ['two hops: past the second proxy', 2, '10.0.0.2', 'forged, 198.51.100.7, 10.0.0.3', '198.51.100.7'],
    ['more hops than entries: the left-most entry', 3, '10.0.0.2', '198.51.100.7', '198.51.100.7'],
    ['one hop without the header: the peer', 1, '10.0.0.2', undefined, '10.0.0.2'],
    [
      'subnets: the right-most untrusted entry',
      'loopback, 10.0.0.0/8',
      '127.0.0.1',
      'forged, 198.51.100.7, 10.1.2.3',
      '198.51.100.7',
    ],
    [
      'subnets as a list',
      ['127.0.0.1', 'uniquelocal'],
      '127.0.0.1',
      '1.1.1.1, 198.51.100.7, 192.168.1.1',
      '198.51.100.7',
    ],
    [
      'subnets: an untrusted peer is the client, header or not',
      'loopback',
      '192.0.2.1',
      '198.51.100.7',
      '192.0.2.1',
    ],
    [
      'subnets: every hop trusted gives the left-most',
      'loopback',
      '127.0.0.1',
      '127.0.0.2, 127.0.0.3',
      '127.0.0.2',
    ],
    ['IPv6 subnets', 'fd00::/8', 'fd00::1', '2001:db8::7, fd00::2', '2001:db8::7'],
    ['a forged non-address is cut to 64 characters', 1, '10.0.0.2', 'x'.repeat(500), 'x'.repeat(64)],
    ['a leading comma', 2, '10.0.0.2', ',198.51.100.7', '198.51.100.7'],
  ])('%s', (_title, trustProxy, peer, forwardedFor, expected) => {
    expect(new ClientAddress(trustProxy).of(request(peer, forwardedFor))).toBe(expected);
  });

  it('gives every rotation of the forged left-most entries the same client', () => {
    const address = new ClientAddress(1);
    const clients = new Set(
      Array.from({ length: 100 }, (_, i) => address.of(request('10.0.0.2', `203.0.113.${i}, 198.51.100.7`))),
    );
    expect([...clients]).toEqual(['198.51.100.7']);
  });

  it.each<[string, TrustProxy, string]>([
    [
      'a name that is no range',
      'proxies',
      'trustProxy entry "proxies" is not an IP address, subnet or range name',
    ],
    ['a prefix too long', ['10.0.0.0/33'], 'trustProxy entry "10.0.0.0/33" has an invalid prefix length'],
    ['a negative hop count', -1, 'trustProxy hop count must be a non-negative integer, got -1'],
  ])('refuses %s', (_title, trustProxy, message) => {
    expect(() => new ClientAddress(trustProxy)).toThrow(message);
  });
});
