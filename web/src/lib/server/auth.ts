import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { homeFor } from '$lib/navigation';
import type { Viewer } from '$lib/graphql/session';

/** The API's session cookie; the portal sets it for the browser on sign-in and forwards it to the API. */
export const SESSION_COOKIE = 'samenspel_session';

/**
 * Secure cookies when served over HTTPS, by the same rule as the API (production, or a proxy saying
 * so). `event.url.protocol` cannot tell: adapter-node assumes https unless a protocol header is set.
 */
export function cookieOptions(event: RequestEvent) {
  const secure = process.env.NODE_ENV === 'production' || event.request.headers.get('x-forwarded-proto') === 'https';
  return { path: '/', httpOnly: true, sameSite: 'lax', secure } as const;
}

export function setSessionCookie(event: RequestEvent, token: string): void {
  event.cookies.set(SESSION_COOKIE, token, cookieOptions(event));
}

export function clearSessionCookie(event: RequestEvent): void {
  event.cookies.delete(SESSION_COOKIE, cookieOptions(event));
}

export const sessionToken = (cookies: Cookies): string | undefined => cookies.get(SESSION_COOKIE);

/** A path on this site to go back to, or undefined for anything else (no open redirects). */
export function safeRedirectTarget(value: string | null | undefined): string | undefined {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  const base = 'http://portal.invalid';
  const url = new URL(value, base);
  return url.origin === base ? url.pathname + url.search + url.hash : undefined;
}

/**
 * Where a signed-out visitor is sent; `expired` says their session ran out. After a form post they
 * come back to the page itself (its query would name the form action).
 */
export function loginUrl(event: RequestEvent, expired: boolean): string {
  const { url, request } = event;
  const params = new URLSearchParams({
    redirectTo: request.method === 'GET' ? url.pathname + url.search : url.pathname,
  });
  if (expired) params.set('expired', '1');
  return `/login?${params}`;
}

/** Where to go after signing in: back where the user was, else the home page of their role. */
export const afterLogin = (viewer: Viewer, redirectTo: string | null | undefined): string =>
  safeRedirectTarget(redirectTo) ?? homeFor(viewer.roles);
