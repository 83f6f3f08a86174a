import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'samenspel_session';

/** The session token from `Authorization: Bearer <token>`, else from the session cookie. */
export function sessionTokenOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const match = /^Bearer\s+([\w-]{20,200})$/i.exec(auth.trim());
    return match?.[1];
  }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const value = rest.join('=');
      return /^[\w-]{20,200}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** An httpOnly, SameSite=Lax cookie; Secure when served over HTTPS. */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds?: number): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
    ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : []),
  ].join('; ');
}
