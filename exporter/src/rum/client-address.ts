import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** `server.trustProxy`: false, true (one proxy), a hop count, or proxy addresses/subnets (names as Express's). */
export type TrustProxy = boolean | number | string | readonly string[];

/** Express's names for address ranges (proxy-addr's "loopback", "linklocal", "uniquelocal"). */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** A client key longer than any IP address is a forged header; it is cut so it cannot bloat the client table. */
const MAX_KEY_LENGTH = 64;

/**
 * Finds the address a request came from, for the per-client rate limits. X-Forwarded-For is a list each
 * proxy appends to, so only its right-most entries were written by proxies we trust; everything left of
 * them is whatever the client sent. The client is therefore the right-most entry not written by a trusted
 * proxy, as Express's "trust proxy" finds it for a hop count or a subnet list (proxy-addr): counting from
 * the socket's address leftwards, skip the trusted hops and take the next one. Rotating the left-most
 * entries does not create new clients. `true` counts as one proxy: Express's `true` takes the left-most
 * entry, which any client can forge (the reason rate limits could be bypassed with it).
 */
export class ClientAddress {
  private readonly hops: number;
  private readonly trusted: BlockList | undefined;

  constructor(trustProxy: TrustProxy) {
    if (trustProxy === false || trustProxy === true || typeof trustProxy === 'number') {
      this.hops = trustProxy === true ? 1 : trustProxy === false ? 0 : trustProxy;
      if (!Number.isInteger(this.hops) || this.hops < 0)
        throw new Error(`trustProxy hop count must be a non-negative integer, got ${String(trustProxy)}`);
      return;
    }
    this.hops = 0;
    this.trusted = new BlockList();
    const entries = typeof trustProxy === 'string' ? trustProxy.split(',') : trustProxy;
    for (const raw of entries) {
      const entry = raw.trim();
      for (const range of NAMED_RANGES[entry] ?? [entry]) addRange(this.trusted, range);
    }
  }

  /** The client's address (or, for a forged non-address entry, a bounded key standing for it). */
  of(req: IncomingMessage): string {
    const socketAddress = unmapped(req.socket.remoteAddress ?? 'unknown');
    if (this.hops === 0 && this.trusted === undefined) return socketAddress;
    const forwarded = req.headers['x-forwarded-for'];
    if (forwarded === undefined || forwarded === '') return socketAddress;
    // Node joins repeated X-Forwarded-For headers with ", " itself; the array case is only for the types.
    const header = typeof forwarded === 'string' ? forwarded : forwarded.join(',');
    // Walk from the right: the socket's peer first, then X-Forwarded-For's entries right to left.
    let address = socketAddress;
    let end = header.length;
    for (let hop = 0; end > 0; hop++) {
      if (this.trusted ? !this.isTrusted(address) : hop >= this.hops) break;
      const start = header.lastIndexOf(',', end - 1);
      address = unmapped(header.slice(start + 1, end).trim());
      end = start;
    }
    return address.length > MAX_KEY_LENGTH ? address.slice(0, MAX_KEY_LENGTH) : address;
  }

  private isTrusted(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.trusted!.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

function addRange(list: BlockList, range: string): void {
  const [address = '', prefixText] = range.split('/');
  const family = isIP(address);
  if (family === 0) throw new Error(`trustProxy entry "${range}" is not an IP address, subnet or range name`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return list.addAddress(address, type);
  const prefix = Number(prefixText);
  if (!/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128))
    throw new Error(`trustProxy entry "${range}" has an invalid prefix length`);
  list.addSubnet(address, prefix, type);
}

/** "::ffff:192.0.2.1" (an IPv4 peer on a dual-stack socket) and "192.0.2.1" are the same client. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
