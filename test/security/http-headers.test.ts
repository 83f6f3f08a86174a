import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_HANDLER } from '../e2e/helpers/portal.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';
import { requestFrom } from './helpers/from-address.js';

/**
 * Framing (clickjacking), content sniffing, leaking URLs in the Referer, injected scripts and
 * downgrades to plain HTTP, refused by the headers on every response.
 */

let t: TestApp;
let prod: TestApp;
beforeAll(async () => {
  if (!existsSync(WEB_HANDLER)) throw new Error(`The portal is not built (${WEB_HANDLER}). Run: npm run build:web`);
  [t, prod] = await Promise.all([startTestApp({ webHandlerPath: WEB_HANDLER }), startTestApp({ production: true })]);
});
afterAll(() => Promise.all([t?.close(), prod?.close()]));

const directives = (csp: string | null) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/) as [string, ...string[]])
      .map(([n, ...v]) => [n, v]),
  );

function expectHardened(headers: Headers, what: string): void {
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('referrer-policy'), what).toBe('same-origin');
  expect(headers.get('x-frame-options'), what).toBe('DENY');
  expect(directives(headers.get('content-security-policy')).get('frame-ancestors'), what).toEqual(["'none'"]);
}

describe('security headers', () => {
  it('no answer of the API can be framed, sniffed as another type or leak its address', async () => {
    const post = (body: string) =>
      fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answers: [string, Response][] = [
      ['a query', await post(JSON.stringify({ query: '{ me { id } }' }))],
      ['malformed JSON', await post('{')],
      ['an invalid query', await post(JSON.stringify({ query: '{ nope }' }))],
      ['/healthz', await fetch(`${t.url}/healthz`)],
      ['/readyz', await fetch(`${t.url}/readyz`)],
    ];
    for (const [what, response] of answers) {
      expectHardened(response.headers, what);
      expect(directives(response.headers.get('content-security-policy')).get('default-src'), what).toEqual(["'none'"]);
    }
  });

  it('the API serves no HTML page that loads scripts from elsewhere', async () => {
    for (const app of [t, prod]) {
      const response = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(response.headers.get('content-type')).not.toMatch(/html/);
      expect(await response.text()).not.toMatch(/<script/i);
    }
  });

  it("the portal's pages run only their own scripts and cannot be framed", async () => {
    const response = await fetch(`${t.url}/login`);
    expect(response.status).toBe(200);
    expectHardened(response.headers, 'the login page');
    const csp = directives(response.headers.get('content-security-policy'));
    const scriptSrc = csp.get('script-src')!;
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc.join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const nonce = scriptSrc.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toBeTruthy();
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('style-src')!.join(' ')).not.toMatch(/unsafe-inline/);
    // every inline script carries this response's nonce; nothing else would run
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // and the nonce is new on every response
    const again = directives((await fetch(`${t.url}/login`)).headers.get('content-security-policy'));
    expect(again.get('script-src')).not.toEqual(scriptSrc);
  });

  it('a browser is told to use HTTPS only when the page came over HTTPS', async () => {
    const hsts = async (app: TestApp, from: string, headers: Record<string, string> = {}) =>
      (await requestFrom(from, `${app.url}/healthz`, { headers })).headers['strict-transport-security'];
    // plain HTTP on a development machine: no
    expect(await hsts(t, '127.0.0.1')).toBeUndefined();
    // behind a TLS proxy it trusts (loopback): yes, on the API and on the portal
    expect(await hsts(t, '127.0.0.1', { 'x-forwarded-proto': 'https' })).toMatch(/^max-age=31536000/);
    const page = await requestFrom('127.0.0.1', `${t.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(page.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
    // an untrusted peer saying https: no
    expect(await hsts(t, '127.0.0.2', { 'x-forwarded-proto': 'https' })).toBeUndefined();
    // production is served over HTTPS: always
    expect(await hsts(prod, '127.0.0.1')).toMatch(/^max-age=31536000; includeSubDomains$/);
  });
});
