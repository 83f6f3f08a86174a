import type { ServerResponse } from 'node:http';

/** The API answers JSON only: nothing in it may load, run or be framed. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Headers on every response, errors included. The portal's pages get their Content-Security-Policy
 * (with nonces) from SvelteKit (web/svelte.config.js); everything else gets the API's.
 */
export function setSecurityHeaders(res: ServerResponse, { https, portal }: { https: boolean; portal: boolean }): void {
  res.setHeader('x-content-type-options', 'nosniff');
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts,
  // which SvelteKit's cross-site check refuses.
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  if (!portal) res.setHeader('content-security-policy', API_CSP);
}
