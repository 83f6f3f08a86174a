import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** Always trusted: the portal calls the API from here and forwards the browser's address. */
const LOOPBACK = ['127.0.0.1', '::1'];

/** `::ffff:192.0.2.1` as `192.0.2.1`, so that one client has one address. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address.toLowerCase();
}

/**
 * The proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (TRUST_PROXY: addresses
 * and CIDR ranges), and loopback. Anyone else may write anything in those headers.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  constructor(entries: string[]) {
    for (const entry of [...LOOPBACK, ...entries]) {
      const [given, prefix, ...rest] = entry.trim().split('/');
      const address = normalizeAddress(given);
      const type = isIP(address);
      const max = type === 4 ? 32 : 128;
      const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (!type || rest.length || !(bits <= max)) {
        throw new Error(`TRUST_PROXY: "${entry}" is not an IP address or a CIDR range such as 10.0.0.0/8`);
      }
      this.list.addSubnet(address, bits, type === 4 ? 'ipv4' : 'ipv6');
    }
  }

  has(address: string): boolean {
    const normalized = normalizeAddress(address);
    const type = isIP(normalized);
    return type !== 0 && this.list.check(normalized, type === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * The client's address: the peer, unless it is a trusted proxy; then the address that proxy put
   * last in X-Forwarded-For, and so on from right to left while the hop is trusted. Entries left of
   * the first untrusted hop were written by the client and are ignored.
   */
  clientAddressOf(req: IncomingMessage): string {
    let address = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
    const forwarded = req.headers['x-forwarded-for'];
    const hops = typeof forwarded === 'string' ? forwarded.split(',').map((hop) => hop.trim()) : [];
    while (this.has(address) && hops.length) {
      const hop = hops.pop()!;
      if (!isIP(hop)) break;
      address = normalizeAddress(hop);
    }
    return address;
  }

  /** Served over HTTPS as far as we can tell: a trusted proxy says so. */
  isHttps(req: IncomingMessage): boolean {
    return req.headers['x-forwarded-proto'] === 'https' && this.has(req.socket.remoteAddress ?? '');
  }
}
