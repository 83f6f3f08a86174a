import {
  error,
  redirect,
  type Handle,
  type HandleFetch,
  type HandleServerError,
  type RequestEvent,
} from '@sveltejs/kit';
import { MeQuery, type Viewer } from '$lib/graphql/session';
import { DEFAULT_LOCALE, isLocale, loadCatalogue, LOCALE_COOKIE } from '$lib/i18n/translate';
import { clearSessionCookie, loginUrl, sessionToken } from '$lib/server/auth';
import { api } from '$lib/server/graphql';

/** Pages a signed-out visitor may open: signing in, the links mailed for an account, and a family's links. */
const PUBLIC_PATHS = new Set(['/login', '/language', '/account/invitation', '/account/reset', '/account/forgot']);
/** Where a viewer goes who must set up a second factor first (the API allows nothing else until then). */
const SECOND_FACTOR_SETUP = '/account/second-factor';
const DURING_SETUP = new Set([SECOND_FACTOR_SETUP, '/logout', '/language']);
const PUBLIC_PREFIXES = ['/vragenlijst/', '/inzage/'];
const isPublic = (path: string) => PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));

/** The session's viewer; `expired` when the browser has a session the API no longer accepts. */
async function viewerOf(event: RequestEvent): Promise<{ viewer: Viewer | null; expired: boolean }> {
  if (!sessionToken(event.cookies)) return { viewer: null, expired: false };
  const outcome = await api(event).request('query', MeQuery, {});
  if (outcome.data) return { viewer: outcome.data.me, expired: false };
  if (outcome.error.code !== 'UNAUTHENTICATED') error(503, 'INTERNAL');
  clearSessionCookie(event);
  return { viewer: null, expired: true };
}

/**
 * Every request: the language (cookie, else Dutch), the viewer (via `me`), and the guards: signed-out
 * visitors go to the login page and come back afterwards. (Which sections a role may open is checked
 * in routes/(app)/+layout.server.ts, so that the answer is the portal's error page.) Cross-site form
 * posts are refused before this by SvelteKit's own origin check: the API server tells adapter-node the
 * scheme (X-Forwarded-Proto), so `event.url` has the origin the browser used.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const chosen = event.cookies.get(LOCALE_COOKIE);
  event.locals.locale = isLocale(chosen) ? chosen : DEFAULT_LOCALE;
  await loadCatalogue(event.locals.locale);

  const { viewer, expired } = await viewerOf(event);
  event.locals.viewer = viewer;
  if (!viewer && !isPublic(event.url.pathname)) redirect(303, loginUrl(event, expired));
  if (viewer?.secondFactorSetupRequired && !DURING_SETUP.has(event.url.pathname)) redirect(303, SECOND_FACTOR_SETUP);

  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) });
};

/**
 * The portal runs in the same process as the API. SvelteKit would route a server-side
 * `fetch('/graphql')` to its own pages, so send it to the API server's loopback address instead
 * (the API server publishes it in SAMENSPEL_API_ORIGIN when it starts listening). It goes out with the
 * platform's fetch, so only the headers the portal set (the session cookie) reach the API.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  const apiOrigin = process.env.SAMENSPEL_API_ORIGIN;
  if (apiOrigin && url.origin === event.url.origin && url.pathname === '/graphql') {
    return globalThis.fetch(new Request(`${apiOrigin}/graphql${url.search}`, request));
  }
  return fetch(request);
};

/** Unexpected errors are logged here and shown as a generic message (never a stack or SQL). */
export const handleError: HandleServerError = ({ error: err, status }) => {
  if (status !== 404) console.error(err);
  return { message: 'INTERNAL' };
};
