import type { HandleFetch } from '@sveltejs/kit';

/**
 * The portal runs in the same process as the API. SvelteKit would route a server-side
 * `fetch('/graphql')` to its own pages, so send it to the API server's loopback address instead
 * (the API server publishes it in SAMENSPEL_API_ORIGIN when it starts listening).
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  const apiOrigin = process.env.SAMENSPEL_API_ORIGIN;
  if (apiOrigin && url.origin === event.url.origin && url.pathname === '/graphql') {
    return fetch(new Request(`${apiOrigin}/graphql${url.search}`, request));
  }
  return fetch(request);
};
