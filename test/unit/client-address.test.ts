import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { TrustedProxies } from '../../server/src/http/client-address.js';

/** A request as the server sees it: the peer's address and the headers it sent. */
const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('the client address', () => {
  const proxies = new TrustedProxies(['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);

  it('is the peer when the peer is not a trusted proxy, whatever it forwards', () => {
    expect(proxies.clientAddressOf(request('203.0.113.9', { 'x-forwarded-for': '198.51.100.1' }))).toBe('203.0.113.9');
    expect(proxies.clientAddressOf(request('::ffff:203.0.113.9'))).toBe('203.0.113.9');
  });

  it('is read from X-Forwarded-For right to left while the hops are trusted', () => {
    const chain = { 'x-forwarded-for': '198.51.100.66, 203.0.113.5, 10.1.2.3' };
    // the client wrote 198.51.100.66; the first proxy (10.1.2.3, trusted) saw 203.0.113.5
    expect(proxies.clientAddressOf(request('192.0.2.7', chain))).toBe('203.0.113.5');
    expect(proxies.clientAddressOf(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }))).toBe('198.51.100.1');
    expect(proxies.clientAddressOf(request('fd00::1', { 'x-forwarded-for': '2001:db8::5' }))).toBe('2001:db8::5');
    // a malformed hop ends the walk at the last trusted proxy
    expect(proxies.clientAddressOf(request('10.0.0.1', { 'x-forwarded-for': 'unknown' }))).toBe('10.0.0.1');
  });

  it('trusts loopback without configuration, and only 127.0.0.1 and ::1 of it', () => {
    const none = new TrustedProxies([]);
    expect(none.has('127.0.0.1')).toBe(true);
    expect(none.has('::1')).toBe(true);
    expect(none.has('::ffff:127.0.0.1')).toBe(true);
    expect(none.has('127.0.0.2')).toBe(false);
    expect(none.has('10.0.0.1')).toBe(false);
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(proxies.isHttps(request('10.0.0.1', { 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(proxies.isHttps(request('203.0.113.9', { 'x-forwarded-proto': 'https' }))).toBe(false);
  });

  it('refuses a TRUST_PROXY entry that is not an address or a CIDR range', () => {
    for (const entry of ['proxy.example', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/1', 'fd00::/129']) {
      expect(() => new TrustedProxies([entry]), entry).toThrow(/TRUST_PROXY/);
    }
  });
});
