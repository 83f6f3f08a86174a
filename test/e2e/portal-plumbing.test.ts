import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();

/** A form post to the portal from a chosen local address (127.0.0.0/8 is all loopback on Linux). */
function postFormFrom(localAddress: string, path: string, body: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, portal.url);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        localAddress,
        headers: {
          origin,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe("SvelteKit's own cross-site check (the API server tells the portal its scheme)", () => {
  it('refuses a signed-in form post from another site, and accepts the same post from the portal itself', async () => {
    const page = await portal.newPage();
    await signIn(page, 'staff@parnassia.example');
    await waitForHeading(page, 'Mijn caseload');

    const forged = await page.request.post('/logout', {
      headers: { origin: 'http://evil.example', accept: 'text/html' },
      form: {},
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('Cross-site POST form submissions are forbidden');
    await page.goto('/caseload');
    await waitForHeading(page, 'Mijn caseload'); // still signed in

    const own = await page.request.post('/logout', {
      headers: { origin: portal.url, accept: 'text/html' },
      form: {},
      maxRedirects: 0,
    });
    expect(own.status()).toBe(303);
    expect(own.headers().location).toBe('/login?signedOut=1');
  });

  it('refuses a post without an Origin header', async () => {
    const response = await fetch(`${portal.url}/language`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'locale=en',
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
  });
});

describe('X-Forwarded-For', () => {
  it("gives the API the browser's address, so sign-in throttling is per person", async () => {
    const email = 'contractmanager@delft.example';
    const status = await postFormFrom(
      '127.0.0.2',
      '/login',
      `email=${encodeURIComponent(email)}&password=wrong`,
      portal.url,
    );
    expect(status).toBe(400);
    const { rows } = await portal.app.admin.query<{ subject: string }>(
      `SELECT subject FROM sign_in_throttle WHERE kind = 'ACCOUNT_ADDRESS' AND subject LIKE $1 || ' %'`,
      [email],
    );
    // without the header the API would see the portal's own loopback address, 127.0.0.1
    expect(rows.map((r) => r.subject)).toEqual([`${email} 127.0.0.2`]);
  });
});
